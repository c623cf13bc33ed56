// The bytes of one part of a split set, laid out as wimlib's write_wim_part() writes them, so the
// result is the same file `wimlib-imagex split` makes (but for the GUID, which is a choice):
//   header (208 bytes)
//   file data: compressed resources first, then the others, each group in file order
//     (wimlib copies compressed resources raw before it re-encodes the others; the bytes of
//     both are the WIM's, unchanged)
//   part 1 only: the images' metadata resources, in image order
//   lookup table: part 1's metadata entries first, then every resource of the part in the order
//     it was placed; each entry names this part's number and its new offset
//   XML data, copied as it is (wimlib keeps it, TOTALBYTES included)
// No integrity table, no boot image (see header.ts).

import { ENTRY_SIZE, HEADER_SIZE, RES_FLAG, type Reshdr } from './format.js';
import { encodePartHeader } from './header.js';
import { CompositeSource, type Piece } from './composite-source.js';
import type { PlannedPart } from './split-plan.js';
import type { WimFile } from './wim-file.js';

export interface PartLayout {
  number: number;
  /** Every byte of the part, read from the WIM's source or generated. */
  source: CompositeSource;
  size: number;
  /** Lookup-table entries of the WIM that this part holds, as its own lookup table lists them. */
  entries: Uint32Array;
  /** Where each of those resources lies in the part. */
  offsets: Float64Array;
}

export function layOutPart(wim: WimFile, plan: PlannedPart, totalParts: number, guid: Uint8Array): PartLayout {
  const { table, header } = wim;
  const compressedWim = header.compression !== 'none';
  const isRaw = (entry: number): boolean => compressedWim && ((table.flags[entry] ?? 0) & RES_FLAG.compressed) !== 0;
  const metadata = plan.number === 1 ? table.metadata : [];

  // Placement order: raw-copied (compressed) file data, the other file data, then metadata.
  // Table order: metadata first, then the file data as placed.
  const placed = new Uint32Array(plan.blobs.length + metadata.length);
  let n = 0;
  for (const entry of plan.blobs) if (isRaw(entry)) placed[n++] = entry;
  for (const entry of plan.blobs) if (!isRaw(entry)) placed[n++] = entry;
  for (const entry of metadata) placed[n++] = entry;
  const fileData = plan.blobs.length;
  const entries = new Uint32Array(placed.length);
  entries.set(placed.subarray(fileData), 0);
  entries.set(placed.subarray(0, fileData), metadata.length);
  const offsets = new Float64Array(entries.length);
  const resources: Array<{ offset: number; length: number }> = [];
  let at = HEADER_SIZE;
  for (let k = 0; k < placed.length; k++) {
    const entry = placed[k] ?? 0;
    const size = table.sizeInWim[entry] ?? 0;
    const from = table.offset[entry] ?? 0;
    // Resources that follow each other in the WIM become one range: fewer, larger reads.
    const last = resources[resources.length - 1];
    if (last !== undefined && last.offset + last.length === from) last.length += size;
    else resources.push({ offset: from, length: size });
    offsets[k < fileData ? metadata.length + k : k - fileData] = at;
    at += size;
  }
  const lookupBytes = encodeEntries(wim, entries, offsets, plan.number);
  const lookupTable: Reshdr = { sizeInWim: lookupBytes.length, flags: RES_FLAG.metadata, offset: at, originalSize: lookupBytes.length };
  at += lookupBytes.length;
  const xml = header.xmlData;
  const xmlData: Reshdr = { sizeInWim: xml.sizeInWim, flags: RES_FLAG.metadata, offset: at, originalSize: xml.originalSize };

  const headerBytes = encodePartHeader({ source: header, guid, partNumber: plan.number, totalParts, lookupTable, xmlData });
  const pieces: Piece[] = [{ bytes: headerBytes }, ...resources, { bytes: lookupBytes }, { offset: xml.offset, length: xml.sizeInWim }];
  const source = new CompositeSource(wim.source, pieces, wim.label);
  return { number: plan.number, source, size: source.size, entries, offsets };
}

/** The WIM's own entries (reference count and SHA-1 kept), moved to their place in this part. */
function encodeEntries(wim: WimFile, entries: Uint32Array, offsets: Float64Array, partNumber: number): Uint8Array {
  const { table } = wim;
  const bytes = new Uint8Array(entries.length * ENTRY_SIZE);
  const view = new DataView(bytes.buffer);
  const u64 = (at: number, value: number): void => {
    view.setUint32(at, value % 0x1_0000_0000, true);
    view.setUint32(at + 4, Math.floor(value / 0x1_0000_0000), true);
  };
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? 0;
    const at = i * ENTRY_SIZE;
    u64(at, table.sizeInWim[entry] ?? 0);
    bytes[at + 7] = table.flags[entry] ?? 0;
    u64(at + 8, offsets[i] ?? 0);
    u64(at + 16, table.originalSize[entry] ?? 0);
    view.setUint16(at + 24, partNumber, true);
    // Reference count and SHA-1 as the WIM has them.
    const from = entry * ENTRY_SIZE;
    for (let b = 26; b < ENTRY_SIZE; b++) bytes[at + b] = table.raw[from + b] ?? 0;
  }
  return bytes;
}
