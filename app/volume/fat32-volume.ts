// A whole FAT32 volume as a virtual image (FAT specification; Windows' layout choices in
// fat32-geometry.ts): boot sector and its backup at sector 6, FSInfo (1, backup 7), two FATs,
// then the data region with every folder and file laid out contiguously in plan order
// (folders breadth first from cluster 2, then files). Nothing large is held in memory: the FATs
// are computed for the range read, directories are generated per read (a few cached), and a
// file's clusters read its own source. Same input, same bytes.

import type { ByteSource } from '../inspect/byte-source.js';
import { bootStub, NOT_BOOTABLE_MESSAGE } from './boot-code.js';
import { SECTOR, setAscii, setU16, setU32, view } from './bytes.js';
import { VolumeError } from './errors.js';
import { extent, mergeExtents, type ByteRange, type WriteExtent } from './extents.js';
import { fatLabel } from './fat-names.js';
import { fatTimestamp } from './fat-time.js';
import { allocate, directoryBytes, type Allocation } from './fat32-directory.js';
import { fat32Geometry, fat32MinimumSize, FAT32_MAX_SIZE, type Fat32Geometry } from './fat32-geometry.js';
import { clustersNeeded, planFat32, type Fat32Plan } from './fat32-plan.js';
import { bytesPiece, PiecewiseSource, type Piece } from './piecewise-source.js';
import type { VolumeEntry } from './tree.js';
import type { Volume, VolumePlacement } from './volume.js';

export interface Fat32Options extends VolumePlacement {
  /** Up to 11 characters, stored upper case (as Windows does); '' for none. See toFatLabel. */
  label: string;
  /** BS_VolID. */
  serial: number;
  /** Every entry's creation, access and write time (UTC fields; see fat-time.ts). */
  timestamp: Date;
  root: readonly VolumeEntry[];
  /** What the boot sector's code prints on a PC that starts it in BIOS mode. */
  bootMessage?: string;
}

export interface Fat32Volume extends Volume {
  readonly fileSystem: 'fat32';
  readonly geometry: Fat32Geometry;
  /** Clusters in use (folders and files). */
  readonly usedClusters: number;
  /** Where each file's content starts in the volume (bytes), in plan order; null for empty files. */
  readonly files: ReadonlyArray<{ path: string; size: number; offset: number | null }>;
}

const MEDIA = 0xf8;
const FAT_END_OF_CHAIN = 0x0fffffff;
const BACKUP_BOOT_SECTOR = 6;
const FSINFO_SECTOR = 1;
const DIRECTORY_CACHE = 8;

export function buildFat32(options: Fat32Options): Fat32Volume {
  const label = fatLabel(options.label);
  const time = fatTimestamp(options.timestamp);
  checkSerial(options.serial, options.firstSector);
  const plan = planFat32(options.root, label !== '');
  const geometry = fat32Geometry(options.size);
  const needed = clustersNeeded(plan, geometry.clusterBytes);
  if (needed > geometry.clusterCount) {
    throw new VolumeError({ reason: 'volume-too-small', fileSystem: 'fat32', size: options.size, needed: minimumFor(plan) });
  }
  const allocation = allocate(plan, geometry.clusterBytes);
  const used = allocation.lastCluster - 1;
  const boot = bootSector(geometry, options, label);
  const fsInfo = fsInfoSector(geometry.clusterCount - used, allocation.lastCluster + 1 <= geometry.clusterCount + 1 ? allocation.lastCluster + 1 : 0xffffffff);

  const fatBytes = geometry.sectorsPerFat * SECTOR;
  const fatStart = geometry.reservedSectors * SECTOR;
  const pieces: Piece[] = [
    bytesPiece(0, boot),
    bytesPiece(FSINFO_SECTOR * SECTOR, fsInfo),
    bytesPiece(BACKUP_BOOT_SECTOR * SECTOR, boot),
    bytesPiece((BACKUP_BOOT_SECTOR + FSINFO_SECTOR) * SECTOR, fsInfo),
  ];
  for (let copy = 0; copy < geometry.fatCount; copy++) {
    pieces.push({ offset: fatStart + copy * fatBytes, length: fatBytes, fill: (out, from) => fillFat(out, from, allocation) });
  }

  const clusterOffset = (cluster: number): number => geometry.dataOffset + (cluster - 2) * geometry.clusterBytes;
  const directories = directoryCache(plan, allocation, geometry.clusterBytes, label, time);
  const extents: WriteExtent[] = [extent(0, geometry.dataOffset, 'file-system')];
  const structures: ByteRange[] = [{ offset: 0, length: geometry.dataOffset }];
  plan.folders.forEach((_, index) => {
    const offset = clusterOffset(allocation.folderFirst[index] ?? 2);
    const length = (allocation.folderClusters[index] ?? 1) * geometry.clusterBytes;
    pieces.push({ offset, length, fill: (out, from) => out.set(directories(index).subarray(from, from + out.length)) });
    extents.push(extent(offset, length, 'file-system'));
    structures.push({ offset, length });
  });
  const files = plan.files.map((file, index) => {
    const first = allocation.fileFirst[index] ?? 0;
    if (first === 0) return { path: file.path, size: file.size, offset: null };
    const offset = clusterOffset(first);
    const length = (allocation.fileClusters[index] ?? 0) * geometry.clusterBytes;
    pieces.push(filePiece(offset, length, file.path, file.size, file.source));
    extents.push(extent(offset, length, 'file-data'));
    return { path: file.path, size: file.size, offset };
  });

  return {
    fileSystem: 'fat32',
    mbrType: 0x0c,
    source: new PiecewiseSource(options.size, pieces),
    extents: mergeExtents(extents, options.size),
    structures: mergeExtents(structures.map((r) => extent(r.offset, r.length, 'file-system')), options.size).map(({ offset, length }) => ({ offset, length })),
    geometry,
    usedClusters: used,
    files,
  };
}

/**
 * The smallest FAT32 volume (bytes) that holds `root`, such that every larger volume holds it
 * too. Greater than FAT32_MAX_SIZE when no FAT32 volume can. Throws what buildFat32 would for
 * names, sizes and limits.
 */
export function fat32MinimumVolumeSize(root: readonly VolumeEntry[], label = ''): number {
  return minimumFor(planFat32(root, fatLabel(label) !== ''));
}

function minimumFor(plan: Fat32Plan): number {
  return fat32MinimumSize((clusterBytes) => clustersNeeded(plan, clusterBytes));
}

export { FAT32_MAX_SIZE };

function checkSerial(serial: number, firstSector: number): void {
  if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffffff) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the volume serial', value: String(serial), why: 'it must be a 32-bit number' });
  }
  if (!Number.isInteger(firstSector) || firstSector < 0 || firstSector > 0xffffffff) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the partition start', value: String(firstSector), why: 'FAT32 records it in 32 bits' });
  }
}

function bootSector(g: Fat32Geometry, options: Fat32Options, label: string): Uint8Array {
  const s = new Uint8Array(SECTOR);
  s.set([0xeb, 0x58, 0x90], 0); // jump over the BPB to the boot code at 90
  setAscii(s, 3, 'MSWIN4.1', 8); // the OEM name the specification recommends for compatibility
  setU16(s, 11, SECTOR); // BPB_BytsPerSec
  s[13] = g.sectorsPerCluster; // BPB_SecPerClus
  setU16(s, 14, g.reservedSectors); // BPB_RsvdSecCnt
  s[16] = g.fatCount; // BPB_NumFATs
  // BPB_RootEntCnt, BPB_TotSec16, BPB_FATSz16 stay 0 on FAT32.
  s[21] = MEDIA; // BPB_Media: fixed disk
  setU16(s, 24, 63); // BPB_SecPerTrk, BPB_NumHeads: the geometry BIOSes report for USB disks
  setU16(s, 26, 255);
  setU32(s, 28, options.firstSector); // BPB_HiddSec
  setU32(s, 32, g.totalSectors); // BPB_TotSec32
  setU32(s, 36, g.sectorsPerFat); // BPB_FATSz32
  // BPB_ExtFlags 0: both FATs mirrored; BPB_FSVer 0.0.
  setU32(s, 44, 2); // BPB_RootClus
  setU16(s, 48, FSINFO_SECTOR); // BPB_FSInfo
  setU16(s, 50, BACKUP_BOOT_SECTOR); // BPB_BkBootSec
  s[64] = 0x80; // BS_DrvNum: first hard disk
  s[66] = 0x29; // BS_BootSig: the next three fields are present
  setU32(s, 67, options.serial); // BS_VolID
  setAscii(s, 71, label === '' ? 'NO NAME' : label, 11); // BS_VolLab
  setAscii(s, 82, 'FAT32', 8); // BS_FilSysType
  s.set(bootStub(90, 510 - 90, options.bootMessage ?? NOT_BOOTABLE_MESSAGE), 90);
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

function fsInfoSector(freeClusters: number, nextFree: number): Uint8Array {
  const s = new Uint8Array(SECTOR);
  setU32(s, 0, 0x41615252); // FSI_LeadSig "RRaA"
  setU32(s, 484, 0x61417272); // FSI_StrucSig "rrAa"
  setU32(s, 488, freeClusters); // FSI_Free_Count
  setU32(s, 492, nextFree); // FSI_Nxt_Free
  setU32(s, 508, 0xaa550000); // FSI_TrailSig
  return s;
}

/**
 * FAT entries for bytes [from, from + out.length) of one FAT: media and end-of-chain in entries
 * 0 and 1, then every run chained to its next cluster and ended, then zeros (free).
 */
function fillFat(out: Uint8Array, from: number, allocation: Allocation): void {
  const firstEntry = Math.floor(from / 4);
  const lastEntry = Math.min(Math.ceil((from + out.length) / 4), allocation.lastCluster + 1);
  if (firstEntry >= lastEntry) return;
  // Entries are computed as u32 words: straight into `out` when it is aligned on a little-endian
  // machine (every machine Imprint runs on), else into a scratch array copied over.
  const direct = LITTLE_ENDIAN && from % 4 === 0 && out.byteOffset % 4 === 0 && out.length % 4 === 0;
  const words = direct ? new Uint32Array(out.buffer, out.byteOffset, lastEntry - firstEntry) : new Uint32Array(lastEntry - firstEntry);
  const ends = allocation.runEnds;
  let run = lowerBound(ends, firstEntry);
  let entry = firstEntry;
  if (entry === 0) words[entry++ - firstEntry] = 0x0fffff00 | MEDIA;
  if (entry === 1 && entry < lastEntry) words[entry++ - firstEntry] = FAT_END_OF_CHAIN;
  // Runs are contiguous: each entry points at the next cluster, and the run's last ends the chain.
  while (entry < lastEntry) {
    const runEnd = ends[run] ?? Infinity;
    const stop = Math.min(runEnd, lastEntry);
    for (; entry < stop; entry++) words[entry - firstEntry] = entry + 1;
    if (entry === runEnd) words[entry++ - firstEntry] = FAT_END_OF_CHAIN;
    run += 1;
  }
  if (direct) return;
  const bytes = new Uint8Array(words.length * 4);
  const v = view(bytes);
  words.forEach((word, i) => v.setUint32(i * 4, word, true));
  const skip = from - firstEntry * 4;
  out.set(bytes.subarray(skip, Math.min(bytes.length, skip + out.length)));
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Directory bytes on demand, the last few kept (reads come in sequential chunks). */
function directoryCache(plan: Fat32Plan, allocation: Allocation, clusterBytes: number, label: string, time: ReturnType<typeof fatTimestamp>) {
  const cache = new Map<number, Uint8Array>();
  return (index: number): Uint8Array => {
    const hit = cache.get(index);
    if (hit !== undefined) return hit;
    const bytes = directoryBytes(plan, allocation, index, clusterBytes, label, time);
    cache.set(index, bytes);
    if (cache.size > DIRECTORY_CACHE) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    return bytes;
  };
}

/** A file's clusters: its source, then zeros to the cluster's end. */
function filePiece(offset: number, length: number, path: string, size: number, source: ByteSource): Piece {
  const short = (at: number): VolumeError => new VolumeError({ reason: 'short-content', path, offset: at, size });
  return {
    offset,
    length,
    async fill(out, from) {
      if (from >= size) return;
      const want = Math.min(out.length, size - from);
      const bytes = await source.read(from, want);
      if (bytes.length < want) throw short(from + bytes.length);
      out.set(bytes.length === want ? bytes : bytes.subarray(0, want));
    },
    async read(from, want) {
      if (from + want > size) return null;
      const bytes = await source.read(from, want);
      if (bytes.length < want) throw short(from + bytes.length);
      return bytes.length === want ? bytes : bytes.subarray(0, want);
    },
  };
}
