// The lookup table ("blob table" in wimlib): one 50-byte entry per resource, saying where it lies,
// how big it is, in which part of a split set, how many references it has and its SHA-1.
// Entries are kept or ignored exactly as wimlib's read_blob_table() does, so that a split made
// here lists the same resources as one made by wimlib. Fields are held in typed arrays: a real
// install.wim has some 10^5 entries, and a hostile one may claim a million.

import { isZero, u16le, u32le } from '../inspect/binary.js';
import { ENTRY_SIZE, HEADER_SIZE, RES_FLAG, VERSION_DEFAULT } from './format.js';
import { MAX_SORTABLE_INDEX, MAX_SORT_KEY, sortByKey } from './index-sort.js';
import type { WimHeader } from './header.js';
import { wimCorrupt } from './wim-errors.js';

export interface LookupTable {
  /** The table's bytes as read: entries are copied from here into the parts' tables. */
  readonly raw: Uint8Array;
  readonly count: number;
  readonly offset: Float64Array;
  readonly sizeInWim: Float64Array;
  readonly originalSize: Float64Array;
  /** Resource flags, with SOLID cleared in files whose version does not allow it (as wimlib does). */
  readonly flags: Uint8Array;
  /** Entries of the images' metadata resources, in image order (the order of the table). */
  readonly metadata: readonly number[];
  /** Entries of file data kept (duplicates and ignorable entries dropped), by position in the file. */
  readonly blobs: Uint32Array;
  /** Some entry is a solid resource (an ESD file): such a file cannot be split. */
  readonly solid: boolean;
}

/** One entry, decoded (for reports and tests; the splitter works on the arrays). */
export interface LookupEntry {
  sizeInWim: number;
  flags: number;
  offset: number;
  originalSize: number;
  partNumber: number;
  refCount: number;
  sha1: string;
}

const PART = 24;
const REFCOUNT = 26;
const HASH = 30;

export function parseLookupTable(raw: Uint8Array, header: WimHeader, fileSize: number, label: string): LookupTable {
  const count = Math.floor(raw.length / ENTRY_SIZE);
  if (count >= MAX_SORTABLE_INDEX) throw wimCorrupt(label, `its lookup table claims ${count} entries, more than any real WIM holds`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const offset = new Float64Array(count);
  const sizeInWim = new Float64Array(count);
  const originalSize = new Float64Array(count);
  const flags = new Uint8Array(count);
  const metadata: number[] = [];
  const candidates: number[] = [];
  let solid = false;
  // Named only when something is wrong: a million entries must not cost a million strings.
  const entry = (i: number): string => `lookup table entry ${i + 1}`;
  const u64 = (i: number, at: number, mask = 0xffffffff): number => {
    const high = view.getUint32(at + 4, true) & mask;
    if (high >= 0x200000) throw wimCorrupt(label, `${entry(i)} holds an impossibly large number`);
    return high * 0x1_0000_0000 + view.getUint32(at, true);
  };
  for (let i = 0; i < count; i++) {
    const at = i * ENTRY_SIZE;
    const stored = u64(i, at, 0xffffff);
    const start = u64(i, at + 8);
    const unpacked = u64(i, at + 16);
    let entryFlags = raw[at + 7] ?? 0;
    if (header.version === VERSION_DEFAULT) entryFlags &= ~RES_FLAG.solid;
    offset[i] = start;
    sizeInWim[i] = stored;
    originalSize[i] = unpacked;
    flags[i] = entryFlags;
    if (entryFlags & RES_FLAG.solid) {
      // Solid runs describe blobs inside shared compressed resources; the file is refused for
      // splitting, so their layout is not followed further.
      solid = true;
      continue;
    }
    if ((entryFlags & RES_FLAG.compressed) === 0 && stored !== unpacked) {
      throw wimCorrupt(label, `${entry(i)} is uncompressed but claims ${stored} stored bytes for ${unpacked} bytes of data`);
    }
    // Ignored by wimlib (and by Windows): no hash, no data, or another part's resource.
    if (unpacked === 0 || isZero(raw, at + HASH, 20)) continue;
    if (view.getUint16(at + PART, true) !== header.partNumber) continue;
    const refCount = view.getUint32(at + REFCOUNT, true);
    if (entryFlags & RES_FLAG.metadata) {
      // Unreferenced metadata entries exist in real files (WAIK WinPE images) and are skipped.
      if (refCount === 0) continue;
      if (refCount !== 1) throw wimCorrupt(label, `${entry(i)} is image metadata shared ${refCount} times`);
      if (header.partNumber !== 1 || metadata.length === header.imageCount) continue;
      checkInFile(start, stored, fileSize, label, entry(i));
      metadata.push(i);
    } else {
      if (stored === 0 || start < HEADER_SIZE || start + stored > fileSize) checkInFile(start, stored, fileSize, label, entry(i));
      candidates.push(i);
    }
  }
  if (header.partNumber === 1 && !solid && metadata.length !== header.imageCount) {
    throw wimCorrupt(label, `its header counts ${header.imageCount} images but the lookup table holds metadata for ${metadata.length}`);
  }
  const unique = dropDuplicates(raw, candidates);
  // wimlib's "sequential order": by position in the file (the index breaks ties deterministically).
  const blobs =
    fileSize <= MAX_SORT_KEY ? sortByKey(unique, (i) => offset[i] ?? 0) : unique.sort((a, b) => (offset[a] ?? 0) - (offset[b] ?? 0) || a - b);
  return { raw, count, offset, sizeInWim, originalSize, flags, metadata, blobs, solid };
}

export function lookupEntry(table: LookupTable, index: number): LookupEntry {
  const at = index * ENTRY_SIZE;
  let sha1 = '';
  for (let i = 0; i < 20; i++) sha1 += (table.raw[at + HASH + i] ?? 0).toString(16).padStart(2, '0');
  return {
    sizeInWim: table.sizeInWim[index] ?? 0,
    flags: table.flags[index] ?? 0,
    offset: table.offset[index] ?? 0,
    originalSize: table.originalSize[index] ?? 0,
    partNumber: u16le(table.raw, at + PART),
    refCount: u32le(table.raw, at + REFCOUNT),
    sha1,
  };
}

function checkInFile(offset: number, size: number, fileSize: number, label: string, what: string): void {
  if (size === 0) throw wimCorrupt(label, `${what} claims a resource of 0 bytes holding data`);
  if (offset < HEADER_SIZE) throw wimCorrupt(label, `${what} points into the header`);
  if (offset + size > fileSize) throw wimCorrupt(label, `${what} lies past the end of the file`);
}

/** The first entry of each SHA-1 wins, as in wimlib (a sort, not a hash map: bounded memory). */
function dropDuplicates(raw: Uint8Array, candidates: readonly number[]): Uint32Array {
  // Sorted by the hash's first 43 bits; entries sharing them (rare, unless the file is hostile)
  // are then compared in full, in index order, so the first of each SHA-1 is kept.
  const prefix = (i: number): number => {
    const at = i * ENTRY_SIZE + HASH;
    let key = 0;
    for (let b = 0; b < 5; b++) key = key * 256 + (raw[at + b] ?? 0);
    return key * 8 + ((raw[at + 5] ?? 0) >>> 5);
  };
  const byPrefix = sortByKey(candidates, prefix);
  const kept: number[] = [];
  for (let start = 0; start < byPrefix.length; ) {
    const key = prefix(byPrefix[start] ?? 0);
    let end = start + 1;
    while (end < byPrefix.length && prefix(byPrefix[end] ?? 0) === key) end++;
    if (end - start === 1) {
      kept.push(byPrefix[start] ?? 0);
    } else {
      const run = Array.from(byPrefix.subarray(start, end)).sort((a, b) => compareHashes(raw, a, b) || a - b);
      run.forEach((index, k) => {
        if (k === 0 || compareHashes(raw, run[k - 1] ?? 0, index) !== 0) kept.push(index);
      });
    }
    start = end;
  }
  return Uint32Array.from(kept);
}

function compareHashes(raw: Uint8Array, a: number, b: number): number {
  const atA = a * ENTRY_SIZE + HASH;
  const atB = b * ENTRY_SIZE + HASH;
  for (let i = 0; i < 20; i++) {
    const d = (raw[atA + i] ?? 0) - (raw[atB + i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
