// Drive scanning: drivelist for the drives the OS considers real, plus (on request) virtual drives
// such as loop devices, which drivelist hides. On Linux every drive's mounts are read from this
// process's own mount namespace and mapped to whole disks through sysfs (partitions, LVM, LUKS).

import { list as drivelistList, type Drive as DrivelistDrive } from 'drivelist';
import { readdir } from 'node:fs/promises';
import { UNKNOWN_IDENTITY, type Drive, type Mountpoint } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import { readMountTable } from './mount-table.js';
import {
  backingDisks,
  blockName,
  diskOf,
  isPartition,
  loopBackingFile,
  resolveDevicePath,
  sysfsFlag,
  sysfsSize,
} from './linux-block.js';

export interface ScanOptions {
  /** Also list loop devices and other virtual drives (tests, advanced users). */
  includeVirtual: boolean;
}

/** Mounts and swap of every whole disk, keyed by kernel disk name ("sdb"). */
async function mountsByDisk(): Promise<Map<string, Mountpoint[]>> {
  const { mounts, swaps } = await readMountTable();
  const byDisk = new Map<string, Mountpoint[]>();
  const add = async (source: string, path: string): Promise<void> => {
    if (!source.startsWith('/')) return;
    const device = await resolveDevicePath(source).catch(() => source);
    const name = await blockName(device);
    if (!name) return;
    for (const disk of await backingDisks(name)) {
      const list = byDisk.get(disk) ?? [];
      list.push({ path, device, label: null });
      byDisk.set(disk, list);
    }
  };
  for (const m of mounts) await add(m.source, m.target);
  for (const s of swaps) await add(s, '[SWAP]');
  return byDisk;
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

/** A Linux disk described from sysfs alone (loop devices, or disks drivelist did not list). */
async function fromSysfs(name: string): Promise<Drive> {
  const backingFile = name.startsWith('loop') ? await loopBackingFile(name) : null;
  const isVirtual = /^(loop|ram|zram|nbd)/.test(name);
  return {
    id: `/dev/${name}`,
    device: `/dev/${name}`,
    kind: 'disk',
    parent: null,
    description: backingFile ? `Loop device (${backingFile})` : isVirtual ? 'Virtual drive' : 'Unknown drive',
    size: await sysfsSize(name),
    logicalBlockSize: 512,
    physicalBlockSize: 512,
    busType: isVirtual ? 'VIRTUAL' : 'UNKNOWN',
    isRemovable: await sysfsFlag(name, 'removable'),
    isReadOnly: await sysfsFlag(name, 'ro'),
    isVirtual,
    isSystemReported: false,
    isUSB: false,
    isCard: false,
    mountpoints: [],
    backingFile,
    identity: UNKNOWN_IDENTITY,
  };
}

/** Replaces drivelist's mount list with the kernel's, keeping drivelist's volume labels. */
function withMounts(drive: Drive, mounts: Map<string, Mountpoint[]>, name: string): Drive {
  const labels = new Map(drive.mountpoints.map((m) => [m.path, m.label]));
  const own = (mounts.get(name) ?? []).map((m) => ({ ...m, label: labels.get(m.path) ?? null }));
  return { ...drive, mountpoints: own };
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

export async function scanDrives(options: ScanOptions): Promise<Drive[]> {
  const listed = (await drivelistList()).map(fromDrivelist);
  if (process.platform !== 'linux') {
    return listed.filter((d) => options.includeVirtual || !d.isVirtual);
  }
  const mounts = await mountsByDisk();
  const drives: Drive[] = [];
  for (const drive of listed) {
    const name = await blockName(drive.device);
    if (!name) continue;
    const described = withMounts(drive, mounts, name);
    if (!options.includeVirtual && described.isVirtual) continue;
    if (name.startsWith('zram') && described.size === null) continue;
    drives.push(described);
  }
  if (options.includeVirtual) {
    for (const name of await loopDiskNames()) {
      if (drives.some((d) => d.device === `/dev/${name}`)) continue;
      drives.push(withMounts(await fromSysfs(name), mounts, name));
    }
  }
  return drives;
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
    const found = (await scanDrives({ includeVirtual: true })).find((d) => d.device === device || d.id === device);
    if (!found) throw new ImprintError('E_DRIVE_NOT_FOUND', { device: path });
    return found;
  }
  const name = await blockName(device);
  if (!name) throw new ImprintError('E_NOT_A_DRIVE', { device: path, detail: 'it is not a block device' });
  const disk = await diskOf(name);
  const drives = await scanDrives({ includeVirtual: true });
  const whole = drives.find((d) => d.device === `/dev/${disk}`) ?? withMounts(await fromSysfs(disk), await mountsByDisk(), disk);
  if (await isPartition(name)) {
    return { ...whole, id: device, device, kind: 'partition', parent: whole.device };
  }
  return { ...whole, id: device, device };
}
