import { describe, expect, it } from 'vitest';
import type { Drive } from '../../app/drive.js';
import { ejectPlan, rawDevicePath, unmountPlan, windowsVolumePath } from './os-steps.js';

const drive = (device: string, mounts: string[], isVirtual = false): Drive => ({
  id: device,
  device,
  kind: 'disk',
  parent: null,
  description: 'Stick',
  size: 8e9,
  logicalBlockSize: 512,
  physicalBlockSize: 512,
  busType: 'USB',
  isRemovable: true,
  isReadOnly: false,
  isVirtual,
  isSystemReported: false,
  isUSB: true,
  isCard: false,
  mountpoints: mounts.map((path) => ({ path, device, label: null })),
  backingFile: null,
  identity: { mediaId: null, devNumber: null, serial: null, wwn: null },
});

describe('unmount plans', () => {
  it('Linux: umount every mount point, nested ones first', () => {
    expect(unmountPlan('linux', drive('/dev/sdb', ['/media/u/A', '/media/u/A/inner', '/media/u/B']))).toEqual([
      { kind: 'command', command: 'umount', args: ['/media/u/A/inner'] },
      { kind: 'command', command: 'umount', args: ['/media/u/B'] },
      { kind: 'command', command: 'umount', args: ['/media/u/A'] },
    ]);
    expect(unmountPlan('linux', drive('/dev/sdb', []))).toEqual([]);
  });

  it('macOS: diskutil unmountDisk on the whole disk', () => {
    expect(unmountPlan('darwin', drive('/dev/disk4', ['/Volumes/USB']))).toEqual([
      { kind: 'command', command: 'diskutil', args: ['unmountDisk', '/dev/disk4'] },
    ]);
  });

  it('Windows: lock and dismount each volume by its letter', () => {
    expect(unmountPlan('win32', drive('\\\\.\\PhysicalDrive2', ['E:\\', 'F:\\']))).toEqual([
      { kind: 'lock-volume', volume: '\\\\.\\E:' },
      { kind: 'lock-volume', volume: '\\\\.\\F:' },
    ]);
    expect(windowsVolumePath('C:\\mnt\\x')).toBe('\\\\.\\C:');
    expect(windowsVolumePath('/mnt')).toBeNull();
  });
});

describe('eject plans', () => {
  it('Linux prefers udisksctl power-off, then eject, and skips virtual drives', () => {
    const d = drive('/dev/sdb', []);
    expect(ejectPlan('linux', d, { udisksctl: true, eject: true })).toEqual([
      { kind: 'command', command: 'udisksctl', args: ['power-off', '--no-user-interaction', '-b', '/dev/sdb'] },
    ]);
    expect(ejectPlan('linux', d, { udisksctl: false, eject: true })).toEqual([{ kind: 'command', command: 'eject', args: ['/dev/sdb'] }]);
    expect(ejectPlan('linux', d, { udisksctl: false, eject: false })).toEqual([]);
    expect(ejectPlan('linux', drive('/dev/loop3', [], true), { udisksctl: true, eject: true })).toEqual([]);
  });

  it('macOS and Windows', () => {
    expect(ejectPlan('darwin', drive('/dev/disk4', []), { udisksctl: false, eject: false })).toEqual([
      { kind: 'command', command: 'diskutil', args: ['eject', '/dev/disk4'] },
    ]);
    const win = ejectPlan('win32', drive('\\\\.\\PhysicalDrive2', ['E:\\']), { udisksctl: false, eject: false });
    expect(win).toHaveLength(1);
    expect(win[0]).toMatchObject({ kind: 'command', command: 'powershell.exe' });
    expect(JSON.stringify(win[0])).toContain("ParseName('E:')");
  });
});

describe('device paths', () => {
  it('opens the raw twin of a macOS disk, and every other name as it is', () => {
    expect(rawDevicePath('darwin', '/dev/disk4')).toBe('/dev/rdisk4');
    expect(rawDevicePath('darwin', '/dev/rdisk4')).toBe('/dev/rdisk4');
    expect(rawDevicePath('linux', '/dev/sdb')).toBe('/dev/sdb');
    expect(rawDevicePath('linux', '/dev/disk/by-id/usb-stick')).toBe('/dev/disk/by-id/usb-stick');
    expect(rawDevicePath('win32', '\\\\.\\PhysicalDrive2')).toBe('\\\\.\\PhysicalDrive2');
  });
});
