// An empty exFAT volume (Microsoft, "exFAT file system specification"), for "make this drive
// usable again": main and backup boot regions (boot sector, 8 extended boot sectors, OEM
// parameters, reserved, boot checksum), one FAT, and in the cluster heap the allocation bitmap,
// the up-case table and the root directory (volume label, bitmap and up-case entries).
//
// Cluster size, as Windows' format picks it (KB140365), upper bounds inclusive:
//   ≤ 256 MiB: 4 KiB   ≤ 32 GiB: 32 KiB   ≤ 256 TiB: 128 KiB   (Windows refuses more)
// exfatprogs' mkfs.exfat 1.2 picks the same. Layout as mkfs.exfat lays it out (a test compares
// every field): the FAT at the first boundary of max(1 MiB, cluster), the cluster heap at the
// next one after the FAT, which on a partition at 1 MiB keeps every cluster aligned on the
// flash's erase blocks.

import { bootStub, NOT_BOOTABLE_MESSAGE } from './boot-code.js';
import { alignUp, GiB, KiB, MiB, SECTOR, setAscii, setU16, setU32, setU64, TiB, view } from './bytes.js';
import { VolumeError } from './errors.js';
import { extent, mergeExtents } from './extents.js';
import { longNameProblem } from './fat-names.js';
import { bytesPiece, PiecewiseSource, type Piece } from './piecewise-source.js';
import { compressedUpcaseTable, upcaseChecksum } from './upcase.js';
import type { Volume, VolumePlacement } from './volume.js';

export const EXFAT_MAX_SIZE = 256 * TiB;
const BOOT_REGION_SECTORS = 12;
const MAX_CLUSTERS = 0xfffffff5;
const MAX_LABEL = 11;

export interface ExfatOptions extends VolumePlacement {
  /** Up to 11 characters, case kept; '' for none. */
  label: string;
  /** VolumeSerialNumber. */
  serial: number;
  bootMessage?: string;
}

export interface ExfatGeometry {
  readonly size: number;
  readonly totalSectors: number;
  readonly clusterBytes: number;
  readonly sectorsPerClusterShift: number;
  readonly fatOffset: number;
  readonly fatLength: number;
  readonly clusterHeapOffset: number;
  readonly clusterCount: number;
}

export interface ExfatVolume extends Volume {
  readonly fileSystem: 'exfat';
  readonly geometry: ExfatGeometry;
}

/** Windows' default exFAT cluster size for a volume of `size` bytes. */
export function exfatClusterBytes(size: number): number {
  if (size <= 256 * MiB) return 4 * KiB;
  if (size <= 32 * GiB) return 32 * KiB;
  return 128 * KiB;
}

/** Sectors offsets and counts, in sectors as the boot sector records them. */
export function exfatGeometry(size: number): ExfatGeometry {
  if (!Number.isSafeInteger(size) || size <= 0 || size % SECTOR !== 0) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the volume size', value: String(size), why: 'it must be a positive number of 512-byte sectors' });
  }
  if (size > EXFAT_MAX_SIZE) throw new VolumeError({ reason: 'volume-too-large', fileSystem: 'exfat', size, limit: EXFAT_MAX_SIZE });
  const clusterBytes = exfatClusterBytes(size);
  const spc = clusterBytes / SECTOR;
  const align = Math.max(MiB, clusterBytes) / SECTOR;
  const totalSectors = size / SECTOR;
  const fatOffset = alignUp(2 * BOOT_REGION_SECTORS, align);
  // The FAT is sized for every cluster the space after it could hold, in whole clusters, as
  // mkfs.exfat sizes it (the heap then starts a little later than a tighter fit would allow;
  // the few clusters lost are the price of the same layout as the reference tool).
  const roomClusters = Math.floor((totalSectors - fatOffset) / spc);
  const fatLength = alignUp(Math.ceil(((roomClusters + 2) * 4) / SECTOR), spc);
  const heap = alignUp(fatOffset + fatLength, align);
  const clusterCount = Math.max(0, Math.min(MAX_CLUSTERS, Math.floor((totalSectors - heap) / spc)));
  if (clusterCount < minimumClusters(clusterBytes)) {
    throw new VolumeError({ reason: 'volume-too-small', fileSystem: 'exfat', size, needed: exfatMinimumSize() });
  }
  return { size, totalSectors, clusterBytes, sectorsPerClusterShift: Math.log2(spc), fatOffset, fatLength, clusterHeapOffset: heap, clusterCount };
}

/** The bitmap, the up-case table and the root directory, each in whole clusters. */
function minimumClusters(clusterBytes: number): number {
  return 1 + Math.ceil(UPCASE_BYTES / clusterBytes) + 1;
}
const UPCASE_BYTES = 5836;

/** The smallest volume exfatGeometry accepts (4 KiB clusters, FAT at 1 MiB, heap at 2 MiB). */
export function exfatMinimumSize(): number {
  return 2 * MiB + minimumClusters(4 * KiB) * 4 * KiB;
}

export function buildExfat(options: ExfatOptions): ExfatVolume {
  const label = exfatLabel(options.label);
  if (!Number.isInteger(options.serial) || options.serial < 0 || options.serial > 0xffffffff) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the volume serial', value: String(options.serial), why: 'it must be a 32-bit number' });
  }
  const g = exfatGeometry(options.size);
  const clusterOffset = (cluster: number): number => (g.clusterHeapOffset * SECTOR) + (cluster - 2) * g.clusterBytes;

  const bitmapBytes = Math.ceil(g.clusterCount / 8);
  const bitmapClusters = Math.ceil(bitmapBytes / g.clusterBytes);
  const upcase = compressedUpcaseTable();
  const upcaseClusters = Math.ceil(upcase.length / g.clusterBytes);
  const bitmapFirst = 2;
  const upcaseFirst = bitmapFirst + bitmapClusters;
  const rootFirst = upcaseFirst + upcaseClusters;
  const used = bitmapClusters + upcaseClusters + 1;
  if (used > g.clusterCount) {
    // Only with a bitmap of several clusters, which takes a volume far above the minimum: cannot happen.
    throw new VolumeError({ reason: 'volume-too-small', fileSystem: 'exfat', size: options.size, needed: exfatMinimumSize() });
  }
  const runEnds = [upcaseFirst - 1, rootFirst - 1, rootFirst];

  const root = new Uint8Array(3 * 32);
  root[0] = 0x83; // Volume Label entry (in use even when empty, as mkfs.exfat writes it)
  root[1] = label.length; // CharacterCount
  for (let i = 0; i < label.length; i++) setU16(root, 2 + i * 2, label.charCodeAt(i));
  root[32] = 0x81; // Allocation Bitmap entry
  setU32(root, 32 + 20, bitmapFirst);
  setU64(root, 32 + 24, bitmapBytes);
  root[64] = 0x82; // Up-case Table entry
  setU32(root, 64 + 4, upcaseChecksum(upcase));
  setU32(root, 64 + 20, upcaseFirst);
  setU64(root, 64 + 24, upcase.length);

  const region = bootRegion(g, options, rootFirst, Math.floor((used * 100) / g.clusterCount));
  const fatStart = g.fatOffset * SECTOR;
  const pieces: Piece[] = [
    bytesPiece(0, region),
    bytesPiece(BOOT_REGION_SECTORS * SECTOR, region),
    { offset: fatStart, length: g.fatLength * SECTOR, fill: (out, from) => fillExfatFat(out, from, runEnds) },
    { offset: clusterOffset(bitmapFirst), length: bitmapClusters * g.clusterBytes, fill: (out, from) => fillBitmap(out, from, used) },
    bytesPiece(clusterOffset(upcaseFirst), upcase, upcaseClusters * g.clusterBytes),
    bytesPiece(clusterOffset(rootFirst), root, g.clusterBytes),
  ];
  const extents = [
    extent(0, 2 * BOOT_REGION_SECTORS * SECTOR, 'file-system'),
    extent(fatStart, g.fatLength * SECTOR, 'file-system'),
    extent(clusterOffset(bitmapFirst), used * g.clusterBytes, 'file-system'),
  ];
  const merged = mergeExtents(extents, options.size);
  return {
    fileSystem: 'exfat',
    mbrType: 0x07,
    source: new PiecewiseSource(options.size, pieces),
    extents: merged,
    structures: merged.map(({ offset, length }) => ({ offset, length })),
    geometry: g,
  };
}

/** exFAT labels: at most 11 UTF-16 code units, case kept, none of the characters file names may not hold. */
export function exfatLabel(label: string): string {
  const trimmed = label.replace(/ +$/, '');
  if (trimmed === '') return '';
  if (trimmed.length > MAX_LABEL) throw new VolumeError({ reason: 'bad-label', label, why: `exFAT labels hold at most ${MAX_LABEL} characters` });
  const why = longNameProblem(trimmed);
  if (why !== null) throw new VolumeError({ reason: 'bad-label', label, why });
  return trimmed;
}

/** The 12 sectors of a boot region; the backup region is the same bytes. */
function bootRegion(g: ExfatGeometry, options: ExfatOptions, rootCluster: number, percentInUse: number): Uint8Array {
  const region = new Uint8Array(BOOT_REGION_SECTORS * SECTOR);
  const s = region.subarray(0, SECTOR);
  s.set([0xeb, 0x76, 0x90], 0); // JumpBoot to the boot code at 120
  setAscii(s, 3, 'EXFAT', 8); // FileSystemName; bytes 11–63 MustBeZero
  setU64(s, 64, options.firstSector); // PartitionOffset
  setU64(s, 72, g.totalSectors); // VolumeLength
  setU32(s, 80, g.fatOffset); // FatOffset
  setU32(s, 84, g.fatLength); // FatLength
  setU32(s, 88, g.clusterHeapOffset); // ClusterHeapOffset
  setU32(s, 92, g.clusterCount); // ClusterCount
  setU32(s, 96, rootCluster); // FirstClusterOfRootDirectory
  setU32(s, 100, options.serial); // VolumeSerialNumber
  setU16(s, 104, 0x0100); // FileSystemRevision 1.00
  // VolumeFlags (106) 0: active FAT 0, clean, no media failure.
  s[108] = 9; // BytesPerSectorShift
  s[109] = g.sectorsPerClusterShift; // SectorsPerClusterShift
  s[110] = 1; // NumberOfFats
  s[111] = 0x80; // DriveSelect
  s[112] = percentInUse; // PercentInUse
  s.set(bootStub(120, 510 - 120, options.bootMessage ?? NOT_BOOTABLE_MESSAGE), 120);
  s[510] = 0x55;
  s[511] = 0xaa;
  // Extended boot sectors 1–8 end in their signature; OEM parameters (9) and reserved (10) stay zero.
  for (let i = 1; i <= 8; i++) setU32(region, i * SECTOR + SECTOR - 4, 0xaa550000);
  const checksum = bootChecksum(region.subarray(0, 11 * SECTOR));
  for (let at = 11 * SECTOR; at < 12 * SECTOR; at += 4) setU32(region, at, checksum);
  return region;
}

/** §3.4: over sectors 0–10, skipping VolumeFlags and PercentInUse (they change without a rewrite). */
export function bootChecksum(sectors: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < sectors.length; i++) {
    if (i === 106 || i === 107 || i === 112) continue;
    sum = (((sum >>> 1) | ((sum & 1) << 31)) + (sectors[i] ?? 0)) >>> 0;
  }
  return sum;
}

/** FAT entries: media and end in 0 and 1, then the chains of the bitmap, up-case table and root. */
function fillExfatFat(out: Uint8Array, from: number, runEnds: readonly number[]): void {
  const last = runEnds[runEnds.length - 1] ?? 1;
  const first = Math.floor(from / 4);
  const end = Math.min(Math.ceil((from + out.length) / 4), last + 1);
  if (first >= end) return;
  const entries = new Uint8Array((end - first) * 4);
  const v = view(entries);
  for (let e = first; e < end; e++) {
    const value = e === 0 ? 0xfffffff8 : e === 1 || runEnds.includes(e) ? 0xffffffff : e + 1;
    v.setUint32((e - first) * 4, value, true);
  }
  const skip = from - first * 4;
  out.set(entries.subarray(skip, Math.min(entries.length, skip + out.length)));
}

/** The allocation bitmap: the first `used` clusters' bits set, the rest clear. */
function fillBitmap(out: Uint8Array, from: number, used: number): void {
  const fullBytes = Math.floor(used / 8);
  for (let i = 0; i < out.length; i++) {
    const index = from + i;
    if (index < fullBytes) out[i] = 0xff;
    else if (index === fullBytes) out[i] = (1 << (used % 8)) - 1;
    else break;
  }
}
