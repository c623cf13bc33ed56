// Which whole disks hold a mount, or a file. A mount is traced by its device number (mountinfo),
// never by stat'ing its source text; file systems with no block device of their own are traced by
// what they are made of: btrfs by all its member devices, ZFS by its pool's member partitions,
// overlayfs by its layer folders, a loop device by the disks holding its backing file. What cannot
// be traced is reported as such (null), so that callers can fail closed.

import { realpath, stat } from 'node:fs/promises';
import { ImprintError } from '../../app/errors.js';
import type { LsblkDevice } from './lsblk.js';
import { backingDisks, btrfsMembers, loopBackingFile, nameOfDevNumber, nameOfMajorMinor, splitDevNumber } from './linux-block.js';
import { overlayLayers, type MountEntry } from './mount-table.js';

/** How a mount's file system finds its bytes, judged from its mountinfo line alone. */
export type MountSource =
  | { kind: 'block'; major: number; minor: number }
  | { kind: 'btrfs'; device: string }
  | { kind: 'devices'; devices: string[] }
  | { kind: 'zfs'; pool: string }
  | { kind: 'layers'; paths: string[] }
  | { kind: 'none' }
  | { kind: 'unknown' };

/**
 * Kernel, memory and network file systems: no local disk holds them. FUSE is not among them: its
 * daemon serves whatever it likes, often files on a local disk (bindfs, archivemount, squashfuse).
 */
const DISKLESS = new Set([
  'proc', 'sysfs', 'tmpfs', 'ramfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'mqueue', 'hugetlbfs',
  'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'binfmt_misc', 'efivarfs',
  'autofs', 'rpc_pipefs', 'nsfs', 'selinuxfs', 'nfsd', 'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', '9p',
  'virtiofs', 'ceph', 'glusterfs', 'afs', 'cramfs-ram',
]);

/** Pure: what a mount is made of, from its mountinfo line. */
export function classifyMount(entry: MountEntry): MountSource {
  if (entry.major !== 0) return { kind: 'block', major: entry.major, minor: entry.minor };
  const type = entry.fstype;
  if (type === 'btrfs') return { kind: 'btrfs', device: entry.source };
  if (type === 'bcachefs') return { kind: 'devices', devices: entry.source.split(':').filter((d) => d !== '') };
  if (type === 'zfs') return { kind: 'zfs', pool: entry.source.split(/[/@]/)[0] ?? entry.source };
  if (type === 'overlay' || type === 'ecryptfs') {
    const paths = type === 'overlay' ? overlayLayers(entry) : [entry.source];
    return paths.length > 0 && paths.every((p) => p.startsWith('/')) ? { kind: 'layers', paths } : { kind: 'unknown' };
  }
  if (DISKLESS.has(type)) return { kind: 'none' };
  // fuseblk and friends carry a real device number (above); a FUSE source naming a device is checked.
  if (entry.source.startsWith('/dev/')) return { kind: 'devices', devices: [entry.source] };
  return { kind: 'unknown' };
}

const MAX_DEPTH = 8;

/** Kernel name of the block device a device node stands for, or null. */
async function deviceNodeName(path: string): Promise<string | null> {
  try {
    const st = await stat(path, { bigint: true });
    return st.isBlockDevice() ? await nameOfDevNumber(st.rdev) : null;
  } catch {
    return null;
  }
}

/** Traces mounts and files to whole-disk kernel names ("sda"), with one scan's caches. */
export class DiskTracer {
  private btrfs: Promise<string[][]> | null = null;

  constructor(
    private readonly mounts: MountEntry[],
    private readonly lsblk: LsblkDevice[] | null,
  ) {}

  /** Disks under a block device: its disk, device-mapper/md slaves, and for a loop device the disks of its file. */
  async disksOfBlock(name: string, depth = 0): Promise<string[] | null> {
    if (depth > MAX_DEPTH) return null;
    const found = new Set<string>();
    for (const disk of await backingDisks(name)) {
      found.add(disk);
      if (!disk.startsWith('loop')) continue;
      const file = await loopBackingFile(disk);
      if (file === null) continue;
      const outer = await this.disksOfPath(file.replace(/ \(deleted\)$/, ''), depth + 1);
      // A loop whose file cannot be traced could stand on any disk: the whole answer is unknown.
      if (outer === null) return null;
      for (const d of outer) found.add(d);
    }
    return [...found];
  }

  async disksOfMount(entry: MountEntry, depth = 0): Promise<string[] | null> {
    if (depth > MAX_DEPTH) return null;
    const source = classifyMount(entry);
    switch (source.kind) {
      case 'block': {
        const name = await nameOfMajorMinor(source.major, source.minor);
        return name ? this.disksOfBlock(name, depth) : this.fromLsblk(entry, depth);
      }
      case 'btrfs':
        return this.btrfsDisks(entry, source.device, depth);
      case 'devices':
        return this.union(source.devices.map((d) => this.disksOfDevicePath(d, depth)), 'all');
      case 'zfs':
        return this.zfsDisks(entry, source.pool, depth);
      case 'layers':
        // Some layers may live outside this mount namespace; the ones that can be seen count.
        return this.union(source.paths.map((p) => this.disksOfPath(p, depth + 1)), 'any');
      case 'none':
        return [];
      case 'unknown':
        return this.fromLsblk(entry, depth);
    }
  }

  /** Disks that hold a file or folder: its file system's mount, found by device number, else by path. */
  async disksOfPath(path: string, depth = 0): Promise<string[] | null> {
    if (depth > MAX_DEPTH) return null;
    let st;
    let real;
    try {
      real = await realpath(path);
      st = await stat(real, { bigint: true });
    } catch {
      return null;
    }
    const direct = await nameOfDevNumber(st.dev);
    if (direct) return this.disksOfBlock(direct, depth);
    const mount = this.mountOfPath(real, st.dev);
    return mount ? this.disksOfMount(mount, depth + 1) : null;
  }

  /**
   * The visible mount a resolved path lies on: one with the file's device number if there is one
   * (btrfs subvolumes have their own), else the deepest target; of equals, the last mounted.
   */
  mountOfPath(path: string, dev: bigint): MountEntry | null {
    const { major, minor } = splitDevNumber(dev);
    const inside = this.mounts.filter((m) => path === m.target || path.startsWith(m.target === '/' ? '/' : `${m.target}/`));
    const sameDev = inside.filter((m) => m.major === major && m.minor === minor);
    const candidates = sameDev.length > 0 ? sameDev : inside;
    let best: MountEntry | null = null;
    for (const m of candidates) if (!best || m.target.length >= best.target.length) best = m;
    return best;
  }

  /** Disks under a device node ("/dev/sda2"), by its device number; null when it is not one. */
  async disksOfDevicePath(path: string, depth = 0): Promise<string[] | null> {
    const name = await deviceNodeName(path);
    return name ? this.disksOfBlock(name, depth) : null;
  }

  /** All member devices of the btrfs the source (or lsblk's mount list) names, by kernel name. */
  private async btrfsDisks(entry: MountEntry, device: string, depth: number): Promise<string[] | null> {
    const source = await deviceNodeName(device);
    const named = source ? [source] : (this.lsblk ?? []).filter((d) => d.mountpoints.includes(entry.target)).map((d) => d.name);
    if (named.length === 0) return null;
    this.btrfs ??= btrfsMembers();
    const members = (await this.btrfs).find((fs) => fs.some((m) => named.includes(m))) ?? named;
    return this.union(
      [...new Set([...named, ...members])].map((m) => this.disksOfBlock(m, depth)),
      'all',
    );
  }

  /** A pool's members are the partitions udev probed as zfs_member with the pool's name as label. */
  private async zfsDisks(entry: MountEntry, pool: string, depth: number): Promise<string[] | null> {
    const members = (this.lsblk ?? []).filter((d) => d.fstype === 'zfs_member' && d.label === pool);
    if (members.length === 0) return this.fromLsblk(entry, depth);
    return this.union(members.map((m) => this.disksOfBlock(m.name, depth)), 'all');
  }

  /** lsblk's own mount list, for sources the kernel's table does not lead to. */
  private async fromLsblk(entry: MountEntry, depth: number): Promise<string[] | null> {
    const holders = (this.lsblk ?? []).filter((d) => d.mountpoints.includes(entry.target));
    if (holders.length === 0) return null;
    return this.union(holders.map((h) => this.disksOfBlock(h.name, depth)), 'all');
  }

  /** "all": unknown if any part is unknown; "any": unknown only if every part is. */
  private async union(parts: Promise<string[] | null>[], need: 'all' | 'any'): Promise<string[] | null> {
    const results = await Promise.all(parts);
    const known = results.filter((r): r is string[] => r !== null);
    if (known.length === 0 || (need === 'all' && known.length < results.length)) return null;
    return [...new Set(known.flat())];
  }
}

/** A mount described for a message: "/ [zfs rpool/ROOT/ubuntu]" (no parentheses: messages wrap details in them). */
export function describeMount(entry: MountEntry): string {
  return `${entry.target} [${entry.fstype} ${entry.source}]`;
}

/** Disks holding a file, for a caller that must refuse when they cannot be found. */
export async function disksHoldingFile(tracer: DiskTracer, path: string): Promise<string[]> {
  const disks = await tracer.disksOfPath(path);
  if (disks !== null) return disks;
  let where = path;
  try {
    const real = await realpath(path);
    const mount = tracer.mountOfPath(real, (await stat(real, { bigint: true })).dev);
    if (mount) where = `${path} is on ${describeMount(mount)}`;
  } catch {
    // The path itself cannot be looked at: say just that.
  }
  throw new ImprintError('E_SOURCE_UNKNOWN', { detail: `${where}, which Imprint cannot trace to a disk` });
}
