// Where a FAT32 volume's regions lie for a volume size: cluster size, reserved sectors, FAT size.
//
// Cluster size, as Windows' format picks it (Microsoft, "Default cluster size for NTFS, FAT, and
// exFAT", KB140365), upper bounds inclusive:
//
//   volume size        cluster      mkfs.fat 4.2 -F 32 (dosfstools) picks
//   32 MiB – 64 MiB    512 B        512 B
//   ≤ 128 MiB          1 KiB        512 B
//   ≤ 256 MiB          2 KiB        512 B   (mkfs.fat: 512 B up to 260 MB, then 4 KiB)
//   ≤ 8 GiB            4 KiB        4 KiB
//   ≤ 16 GiB           8 KiB        8 KiB
//   ≤ 32 GiB           16 KiB       16 KiB
//   ≤ 2 TiB            32 KiB       32 KiB  (Windows' own format stops at 32 GiB; the file system does not)
//
// The first half MiB of the 1, 2 and 4 KiB rows cannot be FAT32 with that cluster size (fewer
// than 65,525 clusters), so the row above continues there: 512 B up to 64.50 MiB, 1 KiB up to
// 128.49 MiB, 2 KiB up to 256.47 MiB (clusterTiers). Above 2 TiB the boot sector's 32-bit sector
// count cannot describe the volume. The smallest FAT32 volume is 32.51 MiB (512 B clusters).
//
// Layout: 32 reserved sectors (boot sector, FSInfo, backup boot sector at 6, as Windows and
// mkfs.fat write), then two FATs, each just large enough for every cluster; the reserved area
// is grown so the data region starts on a cluster boundary (as mkfs.fat aligns it), which on a
// partition at 1 MiB keeps every cluster aligned on the flash's pages.

import { GiB, KiB, MiB, SECTOR, TiB } from './bytes.js';
import { VolumeError } from './errors.js';

export const FAT32_MIN_CLUSTERS = 65_525;
/** Cluster numbers stop at 0x0FFFFFF6; this many data clusters at most. */
export const FAT32_MAX_CLUSTERS = 0x0fff_fff5;
/** BPB_TotSec32 is 32 bits. */
export const FAT32_MAX_SIZE = 0xffff_ffff * SECTOR;
const RESERVED_SECTORS = 32;
const FAT_COUNT = 2;

const CLUSTER_TABLE: ReadonlyArray<readonly [number, number]> = [
  [64 * MiB, 512],
  [128 * MiB, 1 * KiB],
  [256 * MiB, 2 * KiB],
  [8 * GiB, 4 * KiB],
  [16 * GiB, 8 * KiB],
  [32 * GiB, 16 * KiB],
  [2 * TiB, 32 * KiB],
];

export interface Fat32Geometry {
  readonly size: number;
  readonly totalSectors: number;
  readonly sectorsPerCluster: number;
  readonly clusterBytes: number;
  readonly reservedSectors: number;
  readonly fatCount: number;
  readonly sectorsPerFat: number;
  /** Data clusters (numbered from 2). */
  readonly clusterCount: number;
  /** Byte offset of cluster 2. */
  readonly dataOffset: number;
}

interface Tier {
  /** First and last volume size (bytes) given this cluster size. */
  from: number;
  to: number;
  clusterBytes: number;
}

let tiers: Tier[] | null = null;

/**
 * The table's rows as they apply: the first sizes of the 1, 2 and 4 KiB rows would hold fewer
 * than 65,525 clusters of that size (64 MiB in 1 KiB clusters is 65,536 minus the FATs), so
 * they keep the row above's smaller cluster until the larger one makes a FAT32 volume. Windows'
 * rows are approximate there (mkfs.fat's 260 MB boundary has the same cause).
 */
function clusterTiers(): Tier[] {
  if (tiers !== null) return tiers;
  const starts = CLUSTER_TABLE.map(([, clusterBytes], row) => {
    const tableFrom = row === 0 ? SECTOR : (CLUSTER_TABLE[row - 1]?.[0] ?? 0) + SECTOR;
    return Math.max(tableFrom, fat32SmallestVolume(clusterBytes));
  });
  tiers = CLUSTER_TABLE.map(([, clusterBytes], row) => ({
    from: row === 0 ? SECTOR : (starts[row] ?? 0),
    to: row === CLUSTER_TABLE.length - 1 ? FAT32_MAX_SIZE : (starts[row + 1] ?? 0) - SECTOR,
    clusterBytes,
  }));
  return tiers;
}

/** Windows' default FAT32 cluster size for a volume of `size` bytes (see the table above). */
export function fat32ClusterBytes(size: number): number {
  for (const tier of clusterTiers()) if (size <= tier.to) return tier.clusterBytes;
  return 32 * KiB;
}

/** The geometry for `size` bytes with `clusterBytes` clusters; null when it would not be FAT32. */
export function fat32GeometryWith(size: number, clusterBytes: number): Fat32Geometry | null {
  const totalSectors = Math.floor(size / SECTOR);
  const spc = clusterBytes / SECTOR;
  const clustersWith = (fatSectors: number): number => {
    const dataStart = Math.ceil((RESERVED_SECTORS + FAT_COUNT * fatSectors) / spc) * spc;
    return Math.max(0, Math.floor((totalSectors - dataStart) / spc));
  };
  const fatFor = (clusters: number): number => Math.ceil(((clusters + 2) * 4) / SECTOR);
  // The smallest FAT that holds the clusters it leaves: what a FAT needs only falls as the FAT
  // grows (it leaves fewer clusters), so "enough" is monotonic and a binary search finds it.
  let low = 1;
  let high = Math.max(1, fatFor(Math.floor((totalSectors - RESERVED_SECTORS) / spc)));
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fatFor(clustersWith(mid)) <= mid) high = mid;
    else low = mid + 1;
  }
  const sectorsPerFat = low;
  const clusterCount = clustersWith(sectorsPerFat);
  if (clusterCount < FAT32_MIN_CLUSTERS || clusterCount > FAT32_MAX_CLUSTERS) return null;
  const dataStart = Math.ceil((RESERVED_SECTORS + FAT_COUNT * sectorsPerFat) / spc) * spc;
  return {
    size,
    totalSectors,
    sectorsPerCluster: spc,
    clusterBytes,
    reservedSectors: dataStart - FAT_COUNT * sectorsPerFat,
    fatCount: FAT_COUNT,
    sectorsPerFat,
    clusterCount,
    dataOffset: dataStart * SECTOR,
  };
}

/** The geometry Windows would give a FAT32 volume of `size` bytes, or a typed refusal. */
export function fat32Geometry(size: number): Fat32Geometry {
  checkVolumeSize(size);
  if (size > FAT32_MAX_SIZE) throw new VolumeError({ reason: 'volume-too-large', fileSystem: 'fat32', size, limit: FAT32_MAX_SIZE });
  const geometry = fat32GeometryWith(size, fat32ClusterBytes(size));
  if (geometry === null) {
    throw new VolumeError({ reason: 'volume-too-small', fileSystem: 'fat32', size, needed: fat32SmallestVolume(fat32ClusterBytes(size)) });
  }
  return geometry;
}

/**
 * The smallest volume from which every larger one holds FAT32's minimum cluster count with this
 * cluster size. One cluster of margin, as in fat32MinimumSize: a few sectors above the first
 * size with 65,525 clusters, the FAT grows a sector and the count dips back to 65,524.
 */
export function fat32SmallestVolume(clusterBytes: number): number {
  // Searched up to twice the clusters needed: always a valid FAT32 size for every cluster size.
  return smallestFitting(FAT32_MIN_CLUSTERS + 1, clusterBytes, SECTOR, 2 * (FAT32_MIN_CLUSTERS + 1024) * clusterBytes) ?? FAT32_MAX_SIZE;
}

/**
 * The smallest volume size from which every larger size holds `clustersNeeded(clusterBytes)`
 * clusters with Windows' cluster size for it. Bigger volumes get bigger clusters, so content of
 * many small files can fit a volume and not a slightly bigger one; this answer is safe for all
 * sizes above it (searched tier by tier from the largest clusters down). Greater than
 * FAT32_MAX_SIZE when FAT32 cannot hold the content at all.
 */
export function fat32MinimumSize(clustersNeeded: (clusterBytes: number) => number): number {
  const all = clusterTiers();
  let answer: number | null = null;
  for (let index = all.length - 1; index >= 0; index--) {
    const tier = all[index];
    if (tier === undefined) break;
    // One cluster more than needed (and than FAT32's minimum): the count can dip by one where the
    // FAT grows a sector (it then moves the data region by a cluster), so the sizes above the
    // answer all hold `need`.
    const from = smallestFitting(Math.max(clustersNeeded(tier.clusterBytes), FAT32_MIN_CLUSTERS) + 1, tier.clusterBytes, tier.from, tier.to);
    if (from === null) break;
    answer = from;
    if (from > tier.from) break;
  }
  if (answer !== null) return answer;
  const largest = 32 * KiB;
  return FAT32_MAX_SIZE + clustersNeeded(largest) * largest - fat32ClustersAt(FAT32_MAX_SIZE, largest) * largest;
}

function fat32ClustersAt(size: number, clusterBytes: number): number {
  return fat32GeometryWith(size, clusterBytes)?.clusterCount ?? 0;
}

/** Binary search for the smallest size in [lo, hi] (bytes, whole sectors) with `need` clusters; null if hi has fewer. */
function smallestFitting(need: number, clusterBytes: number, lo: number, hi: number): number | null {
  const fits = (sectors: number): boolean => {
    const geometry = fat32GeometryWith(sectors * SECTOR, clusterBytes);
    return geometry !== null && geometry.clusterCount >= need;
  };
  let low = Math.ceil(lo / SECTOR);
  let high = Math.floor(hi / SECTOR);
  if (low > high || !fits(high)) return null;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) high = mid;
    else low = mid + 1;
  }
  return low * SECTOR;
}

export function checkVolumeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size <= 0 || size % SECTOR !== 0) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the volume size', value: String(size), why: 'it must be a positive number of 512-byte sectors' });
  }
}
