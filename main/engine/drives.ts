// Drive scanning: drivelist for the drives the OS considers real, plus (on request) virtual drives
// such as loop devices, which drivelist hides. On Linux every drive's mounts are read from this
// process's own mount namespace and traced to whole disks (partitions, LVM, LUKS, btrfs, ZFS,
// overlays, loop files), and each drive carries its medium's identity (linux-drive.ts).

import { list as drivelistList, type Drive as DrivelistDrive } from 'drivelist';
import { readdir } from 'node:fs/promises';
import { UNKNOWN_IDENTITY, type Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import { readDiskMounts } from './disk-mounts.js';
import { blockName, diskOf, isPartition, resolveDevicePath, sysfsSize } from './linux-block.js';
import { fromSysfs, withLinuxFacts, type LinuxFacts } from './linux-drive.js';
import { readLosetupIds } from './loop-backing.js';
import { withOsIdentities } from './os-identity.js';
import { withBootVolumeFacts } from './system-volume.js';

export interface ScanOptions {
  /** Also list loop devices and other virtual drives (tests, advanced users). */
  includeVirtual: boolean;
  /** macOS/Windows: ask the OS for every drive's identity now, not a few seconds ago (re-checking a chosen drive). */
  fresh?: boolean;
}

function fromDrivelist(d: DrivelistDrive): Drive {
  return {
    id: d.device,
    device: d.device,
    kind: 'disk',
    parent: null,
    description: d.description.trim() || 'Unknown drive',
    size: d.size,
    logicalBlockSize: d.logicalBlockSize || 512,
    physicalBlockSize: d.blockSize || d.logicalBlockSize || 512,
    busType: d.busType,
    isRemovable: d.isRemovable,
    isReadOnly: d.isReadOnly,
    isVirtual: d.isVirtual === true,
    isSystemReported: d.isSystem,
    isUSB: d.isUSB === true,
    isCard: d.isCard === true,
    mountpoints: d.mountpoints.map((m) => ({ path: m.path, device: d.device, label: m.label })),
    backingFile: null,
    identity: UNKNOWN_IDENTITY,
  };
}

async function linuxFacts(): Promise<LinuxFacts> {
  const [mounts, losetup] = await Promise.all([readDiskMounts(), readLosetupIds()]);
  return { ...mounts, losetup };
}

async function loopDiskNames(): Promise<string[]> {
  const names = await readdir('/sys/block').catch(() => [] as string[]);
  const attached: string[] = [];
  for (const name of names) {
    if (!name.startsWith('loop')) continue;
    const size = await sysfsSize(name);
    if (size !== null && size > 0) attached.push(name);
  }
  return attached.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

async function scanLinux(listed: Drive[], options: ScanOptions, facts: LinuxFacts): Promise<Drive[]> {
  const drives: Drive[] = [];
  for (const drive of listed) {
    const name = await blockName(drive.device);
    if (!name) continue;
    if (!options.includeVirtual && drive.isVirtual) continue;
    if (name.startsWith('zram') && drive.size === null) continue;
    drives.push(await withLinuxFacts(drive, name, facts));
  }
  if (options.includeVirtual) {
    for (const name of await loopDiskNames()) {
      if (drives.some((d) => d.device === `/dev/${name}`)) continue;
      drives.push(await withLinuxFacts(await fromSysfs(name), name, facts));
    }
  }
  return drives;
}

export async function scanDrives(options: ScanOptions): Promise<Drive[]> {
  const listed = (await drivelistList()).map(fromDrivelist);
  if (process.platform !== 'linux') {
    const shown = listed.filter((d) => options.includeVirtual || !d.isVirtual);
    return withBootVolumeFacts(await withOsIdentities(shown, options.fresh === true));
  }
  return scanLinux(listed, options, await linuxFacts());
}

/**
 * The drive a user named by path (any symlink such as /dev/disk/by-id/… is resolved first).
 * A partition path yields a Drive of kind "partition" so the rules can refuse it with its parent named.
 */
export async function resolveDrive(path: string): Promise<Drive> {
  let device: string;
  try {
    device = await resolveDevicePath(path);
  } catch {
    throw new ImprintError('E_DRIVE_NOT_FOUND', { device: path });
  }
  if (process.platform !== 'linux') {
    const found = (await scanDrives({ includeVirtual: true, fresh: true })).find((d) => d.device === device || d.id === device);
    if (!found) throw new ImprintError('E_DRIVE_NOT_FOUND', { device: path });
    return found;
  }
  const name = await blockName(device);
  if (!name) throw new ImprintError('E_NOT_A_DRIVE', { device: path, detail: 'it is not a block device' });
  const disk = await diskOf(name);
  const facts = await linuxFacts();
  const listed = (await drivelistList()).map(fromDrivelist);
  const drives = await scanLinux(listed, { includeVirtual: true }, facts);
  // Disks no scan lists (device-mapper, md, nbd, …) are described from sysfs, and judged the same way.
  const whole = drives.find((d) => d.device === `/dev/${disk}`) ?? (await withLinuxFacts(await fromSysfs(disk), disk, facts));
  if (await isPartition(name)) {
    return { ...whole, id: device, device, kind: 'partition', parent: whole.device };
  }
  return { ...whole, id: device, device };
}
