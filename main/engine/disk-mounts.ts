// The mounts and swap areas of every whole disk, from this process's mount namespace: the kernel's
// table traced to disks (linux-mounts.ts), with lsblk's own mount list merged in. A system mount or
// swap area that cannot be traced to any disk is kept apart: any drive may hold it.

import { isSystemMountpoint, type Mountpoint } from '../../app/drive.js';
import { backingDisks, nameOfMajorMinor } from './linux-block.js';
import { DiskTracer, describeMount } from './linux-mounts.js';
import { readLsblk, type LsblkDevice } from './lsblk.js';
import { readMountTable, type MountEntry } from './mount-table.js';

export interface DiskMounts {
  /** Kernel disk name ("sdb") → mounts and swap of it and its partitions. */
  byDisk: Map<string, Mountpoint[]>;
  /** System mounts and swap areas no disk could be found for ("/ [zfs rpool/ROOT/ubuntu]"). */
  untracedSystem: string[];
  /** lsblk's devices (serial numbers, WWNs), or null when lsblk could not be run. */
  lsblk: LsblkDevice[] | null;
  tracer: DiskTracer;
}

/** The partition or device a mount names, for messages ("/dev/sdb1"); the source text otherwise. */
async function mountDevice(entry: MountEntry): Promise<string> {
  const name = await nameOfMajorMinor(entry.major, entry.minor);
  return name ? `/dev/${name}` : entry.source;
}

export async function readDiskMounts(): Promise<DiskMounts> {
  const [{ mounts, swaps }, lsblk] = await Promise.all([readMountTable(), readLsblk()]);
  const tracer = new DiskTracer(mounts, lsblk);
  const byDisk = new Map<string, Mountpoint[]>();
  const untracedSystem: string[] = [];
  const add = (disks: string[], path: string, device: string): void => {
    for (const disk of disks) {
      const list = byDisk.get(disk) ?? [];
      if (!list.some((m) => m.path === path && m.device === device)) list.push({ path, device, label: null });
      byDisk.set(disk, list);
    }
  };

  for (const entry of mounts) {
    const disks = await tracer.disksOfMount(entry);
    if (disks === null) {
      if (isSystemMountpoint(entry.target)) untracedSystem.push(describeMount(entry));
      // Still shown on the device it names (a loop device whose file cannot be traced further).
      const name = await nameOfMajorMinor(entry.major, entry.minor);
      if (name) add(await backingDisks(name), entry.target, `/dev/${name}`);
      continue;
    }
    add(disks, entry.target, await mountDevice(entry));
  }
  for (const swap of swaps) {
    const disks = swap.kind === 'file' ? await tracer.disksOfPath(swap.path) : await tracer.disksOfDevicePath(swap.path);
    if (disks === null) untracedSystem.push(`swap ${swap.path}`);
    else add(disks, '[SWAP]', swap.path);
  }
  // lsblk finds mounts by its own means (device number, then source path): what it adds is kept.
  for (const device of lsblk ?? []) {
    if (device.mountpoints.length === 0) continue;
    const disks = await tracer.disksOfBlock(device.name);
    const known = disks ?? [];
    for (const path of device.mountpoints) {
      if (known.some((d) => (byDisk.get(d) ?? []).some((m) => m.path === path))) continue;
      if (disks === null && isSystemMountpoint(path)) untracedSystem.push(`${path} [/dev/${device.name}]`);
      add(known, path, `/dev/${device.name}`);
    }
  }
  return { byDisk, untracedSystem, lsblk, tracer };
}
