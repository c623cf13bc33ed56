// Linux block-device facts from sysfs: which disk a partition belongs to, which disks sit under a
// device-mapper/md device, loop backing files. Every path is resolved before it is judged.

import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const SYS_BLOCK = '/sys/class/block';

async function readTrimmed(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

/** "/dev/disk/by-id/usb-…" → "/dev/sdb"; throws ENOENT when the path does not exist. */
export async function resolveDevicePath(path: string): Promise<string> {
  return realpath(path);
}

/** Kernel name of a block device path ("/dev/sdb1" → "sdb1"), or null when it is not one. */
export async function blockName(devicePath: string): Promise<string | null> {
  try {
    const st = await stat(devicePath, { bigint: true });
    if (!st.isBlockDevice()) return null;
    return await nameOfDevNumber(st.rdev);
  } catch {
    return null;
  }
}

/** glibc's gnu_dev_major/gnu_dev_minor split of a dev_t. */
export function splitDevNumber(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

/** Kernel name of the block device with this dev_t, or null (e.g. btrfs's anonymous devices). */
export async function nameOfDevNumber(dev: bigint): Promise<string | null> {
  const { major, minor } = splitDevNumber(dev);
  return nameOfMajorMinor(major, minor);
}

/** Kernel name of block device major:minor ("8:1" → "sda1"), or null when there is none. */
export async function nameOfMajorMinor(major: number, minor: number): Promise<string | null> {
  if (major === 0) return null;
  try {
    return basename(await realpath(`/sys/dev/block/${major}:${minor}`));
  } catch {
    return null;
  }
}

export async function isPartition(name: string): Promise<boolean> {
  return (await readTrimmed(join(SYS_BLOCK, name, 'partition'))) !== null;
}

/** The whole disk a partition belongs to ("sdb1" → "sdb"); a disk returns itself. */
export async function diskOf(name: string): Promise<string> {
  if (!(await isPartition(name))) return name;
  const link = await realpath(join(SYS_BLOCK, name));
  return basename(dirname(link));
}

/**
 * Whole disks that ultimately back a device: a partition's disk, and for device-mapper / md / loop
 * devices (LVM, LUKS, RAID) the disks under their slaves, recursively. Bounded against cycles.
 */
export async function backingDisks(name: string, depth = 0): Promise<string[]> {
  if (depth > 16) return [];
  const disk = await diskOf(name);
  const slaves = await readdir(join('/sys/block', disk, 'slaves')).catch(() => [] as string[]);
  if (slaves.length === 0) return [disk];
  const found = new Set<string>([disk]);
  for (const slave of slaves) for (const d of await backingDisks(slave, depth + 1)) found.add(d);
  return [...found];
}

export async function loopBackingFile(disk: string): Promise<string | null> {
  const file = await readTrimmed(join('/sys/block', disk, 'loop', 'backing_file'));
  if (!file) return null;
  return realpath(file).catch(() => file);
}

export async function sysfsSize(disk: string): Promise<number | null> {
  const sectors = await readTrimmed(join('/sys/block', disk, 'size'));
  return sectors === null ? null : Number(sectors) * 512;
}

export async function sysfsFlag(disk: string, file: 'ro' | 'removable'): Promise<boolean> {
  return (await readTrimmed(join('/sys/block', disk, file))) === '1';
}

/** A whole disk's kernel media sequence number (Linux ≥ 5.15) and "major:minor", or null each. */
export async function sysfsIdentity(disk: string): Promise<{ diskseq: string | null; devNumber: string | null }> {
  const [diskseq, devNumber] = await Promise.all([
    readTrimmed(join('/sys/block', disk, 'diskseq')),
    readTrimmed(join('/sys/block', disk, 'dev')),
  ]);
  return { diskseq: diskseq || null, devNumber: devNumber || null };
}

/** The entries of /sys/block/<disk> and of its slaves/ folder, for telling virtual devices apart. */
export async function sysfsEntries(disk: string): Promise<{ entries: string[]; slaves: string[] }> {
  const [entries, slaves] = await Promise.all([
    readdir(join('/sys/block', disk)).catch(() => [] as string[]),
    readdir(join('/sys/block', disk, 'slaves')).catch(() => [] as string[]),
  ]);
  return { entries, slaves };
}

/**
 * Members of every btrfs file system the kernel knows, by file system UUID: a multi-device btrfs
 * (RAID1, a second disk added) names only one of them as its mount source.
 */
export async function btrfsMembers(): Promise<string[][]> {
  const uuids = await readdir('/sys/fs/btrfs').catch(() => [] as string[]);
  const filesystems: string[][] = [];
  for (const uuid of uuids) {
    const devices = await readdir(join('/sys/fs/btrfs', uuid, 'devices')).catch(() => null);
    if (devices && devices.length > 0) filesystems.push(devices);
  }
  return filesystems;
}
