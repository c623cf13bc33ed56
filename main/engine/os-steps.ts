// Per-OS plans for unmounting and ejecting a drive. Choosing the commands is pure (and tested for
// every platform); running them is done by run-steps.ts.

import { assertNever } from '../../app/assert-never.js';
import type { Drive } from '../../app/drive.js';
import type { Platform } from './platform.js';

export interface CommandStep {
  kind: 'command';
  command: string;
  args: string[];
}

export type Step =
  | CommandStep
  /** Windows: open the volume (\\.\E:), FSCTL_LOCK_VOLUME then FSCTL_DISMOUNT_VOLUME; the job holds the handle (run-steps.ts). */
  | { kind: 'lock-volume'; volume: string };

/**
 * The node a job opens for a drive. macOS: drivelist names the buffered /dev/diskN; its raw twin
 * /dev/rdiskN bypasses the buffer cache and moves whole blocks at the drive's speed, many times
 * faster (what `dd of=/dev/rdiskN` users know), so block-target.ts opens that. Elsewhere the name as is.
 */
export function rawDevicePath(platform: Platform, device: string): string {
  if (platform === 'darwin') return device.replace(/^\/dev\/disk/, '/dev/rdisk');
  return device;
}

/** "E:\\" → "\\\\.\\E:" */
export function windowsVolumePath(mountpoint: string): string | null {
  const letter = /^([A-Za-z]):/.exec(mountpoint)?.[1];
  return letter ? `\\\\.\\${letter.toUpperCase()}:` : null;
}

export function unmountPlan(platform: Platform, drive: Drive): Step[] {
  const mounts = drive.mountpoints.filter((m) => m.path !== '[SWAP]');
  switch (platform) {
    case 'linux':
      // Deepest first, so a file system mounted inside another is released before its parent.
      return [...new Set(mounts.map((m) => m.path))]
        .sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a))
        .map((path) => ({ kind: 'command', command: 'umount', args: [path] }));
    case 'darwin':
      return [{ kind: 'command', command: 'diskutil', args: ['unmountDisk', drive.device] }];
    case 'win32':
      return mounts
        .map((m) => windowsVolumePath(m.path))
        .filter((v): v is string => v !== null)
        .map((volume) => ({ kind: 'lock-volume', volume }));
    default:
      return assertNever(platform);
  }
}

export interface EjectTools {
  udisksctl: boolean;
  eject: boolean;
}

/** How to make the drive safe to unplug. Virtual drives (loop devices) have nothing to eject. */
export function ejectPlan(platform: Platform, drive: Drive, tools: EjectTools): CommandStep[] {
  if (drive.isVirtual) return [];
  switch (platform) {
    case 'linux':
      if (tools.udisksctl) return [{ kind: 'command', command: 'udisksctl', args: ['power-off', '--no-user-interaction', '-b', drive.device] }];
      if (tools.eject) return [{ kind: 'command', command: 'eject', args: [drive.device] }];
      return [];
    case 'darwin':
      return [{ kind: 'command', command: 'diskutil', args: ['eject', drive.device] }];
    case 'win32': {
      const letters = drive.mountpoints.map((m) => /^([A-Za-z]):/.exec(m.path)?.[1]).filter((l): l is string => l !== undefined);
      return letters.map((letter) => ({
        kind: 'command',
        command: 'powershell.exe',
        args: [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          `(New-Object -ComObject Shell.Application).Namespace(17).ParseName('${letter.toUpperCase()}:').InvokeVerb('Eject')`,
        ],
      }));
    }
    default:
      return assertNever(platform);
  }
}
