// Block devices that are not a physical drive: their bytes live on other disks (device-mapper,
// md RAID, bcache, ZFS volumes), on another machine (nbd, DRBD, Ceph RBD), in memory (zram, brd) or
// in the board's own flash (eMMC boot areas, MTD). Descriptions have no parentheses: messages wrap them in some. An image is never written to one: writing
// through a LUKS/LVM volume or a RAID array destroys what is on the disks under it, and what a
// network or memory device stands for cannot be checked. Loop devices are not on the list: they
// show a file, and the rules compare that file with the image. Pure: tested on real kernel names.

interface KindPattern {
  pattern: RegExp;
  what: string;
}

/** Kernel names (/sys/block/<name>) of whole devices; a partition of one ("md0p1") counts too. */
const KERNEL_NAMES: readonly KindPattern[] = [
  { pattern: /^dm-\d+$/, what: 'a device-mapper volume: LVM, LUKS/dm-crypt or multipath' },
  { pattern: /^md(_d)?\d+(p\d+)?$/, what: 'an md software RAID array' },
  { pattern: /^bcache\d+$/, what: 'a bcache volume over other disks' },
  { pattern: /^zd\d+(p\d+)?$/, what: 'a ZFS volume, zvol' },
  { pattern: /^nbd\d+(p\d+)?$/, what: 'a network block device, nbd' },
  { pattern: /^drbd\d+$/, what: 'a DRBD replicated network volume' },
  { pattern: /^rbd\d+(p\d+)?$/, what: 'a Ceph RBD network volume' },
  { pattern: /^zram\d+$/, what: 'a compressed RAM device, zram' },
  { pattern: /^ram\d+$/, what: 'a RAM disk' },
  { pattern: /^mmcblk\d+boot\d+$/, what: 'a hardware boot area of the eMMC' },
  { pattern: /^mmcblk\d+rpmb$/, what: 'the replay-protected area of the eMMC' },
  { pattern: /^mtdblock\d+$/, what: "the board's raw flash, MTD" },
];

/** Device paths whose name says so even before it is resolved (/dev/mapper/x may be a node, not a link). */
const PATHS: readonly KindPattern[] = [
  { pattern: /^\/dev\/mapper\/./, what: 'a device-mapper volume: LVM, LUKS/dm-crypt or multipath' },
  { pattern: /^\/dev\/md\/./, what: 'an md software RAID array' },
  { pattern: /^\/dev\/zvol\/./, what: 'a ZFS volume, zvol' },
];

/** Why a device with this kernel name is not a physical drive, or null. */
export function notPhysicalByName(name: string): string | null {
  return KERNEL_NAMES.find((k) => k.pattern.test(name))?.what ?? null;
}

/** The same judgement from a device path ("/dev/mapper/cryptroot", "/dev/md127", "/dev/dm-0"). */
export function notPhysicalByPath(path: string): string | null {
  const byPath = PATHS.find((k) => k.pattern.test(path));
  if (byPath) return byPath.what;
  const name = /^\/dev\/([^/]+)$/.exec(path)?.[1];
  return name ? notPhysicalByName(name) : null;
}

/** What sysfs says about a whole device: its kernel name and the entries of /sys/block/<name>. */
export interface SysfsBlockFacts {
  name: string;
  /** Names in /sys/block/<name> ("dm", "md", "loop", "slaves", …). */
  entries: readonly string[];
  /** Names in /sys/block/<name>/slaves: the devices it is built on. */
  slaves: readonly string[];
}

/**
 * The judgement from sysfs: the kernel name, the driver's own folder (dm/, md/), or slaves — a device
 * built on other block devices is never a physical drive, whatever it is called.
 */
export function notPhysicalBySysfs(facts: SysfsBlockFacts): string | null {
  const byName = notPhysicalByName(facts.name);
  if (byName) return byName;
  if (facts.entries.includes('dm')) return notPhysicalByName('dm-0');
  if (facts.entries.includes('md')) return notPhysicalByName('md0');
  if (facts.slaves.length > 0) return `a virtual device built on ${facts.slaves.map((s) => `/dev/${s}`).join(', ')}`;
  return null;
}
