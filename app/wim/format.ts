// The on-disk vocabulary of a WIM file (Microsoft "Windows Imaging File Format", and wimlib's
// include/wimlib/header.h, resource.h, blob_table.h, which document what real files hold): the
// 208-byte header, resource headers (reshdr) and the 50-byte lookup-table entries.

import { u32le } from '../inspect/binary.js';
import { wimCorrupt } from './wim-errors.js';

export const HEADER_SIZE = 208;
/** "MSWIM\0\0\0": every WIM Windows reads. */
export const WIM_MAGIC = 'MSWIM\0\0\0';
/** "WLPWM\0\0\0": wimlib's pipable WIM, which Windows does not read. */
export const PIPABLE_MAGIC = 'WLPWM\0\0\0';

/** Version of every WIM without solid resources. */
export const VERSION_DEFAULT = 0x10d00;
/** Version of WIMs that may hold solid (LZMS) resources: ESD files. */
export const VERSION_SOLID = 0xe00;

export const HDR_FLAG = {
  reserved: 0x1,
  compression: 0x2,
  readOnly: 0x4,
  spanned: 0x8,
  resourceOnly: 0x10,
  metadataOnly: 0x20,
  writeInProgress: 0x40,
  rpFix: 0x80,
  compressXpress: 0x20000,
  compressLzx: 0x40000,
  compressLzms: 0x80000,
  compressXpress2: 0x200000,
} as const;

export const RES_FLAG = {
  free: 0x01,
  /** Image metadata, the lookup table or the XML data. */
  metadata: 0x02,
  /** Compressed in chunks with the WIM's compression type and chunk size. */
  compressed: 0x04,
  spanned: 0x08,
  /** Several blobs compressed together (ESD); only meaningful in VERSION_SOLID files. */
  solid: 0x10,
} as const;

/** A lookup-table entry: reshdr (24) + part number (2) + reference count (4) + SHA-1 (20). */
export const ENTRY_SIZE = 50;
export const RESHDR_SIZE = 24;
/** Offsets of the header's fields (wimlib's struct wim_header_disk). */
export const HDR = {
  magic: 0,
  headerSize: 8,
  version: 12,
  flags: 16,
  chunkSize: 20,
  guid: 24,
  partNumber: 40,
  totalParts: 42,
  imageCount: 44,
  lookupTable: 48,
  xmlData: 72,
  bootMetadata: 96,
  bootIndex: 120,
  integrityTable: 124,
} as const;

/** The size a solid run gives its resource entries instead of a real uncompressed size. */
export const SOLID_RESOURCE_MAGIC = 0x1_0000_0000;

export type WimCompression = 'none' | 'xpress' | 'lzx' | 'lzms';

/** Where a resource lies in the file, and how big it is stored and unpacked. */
export interface Reshdr {
  /** Bytes in the file (compressed size): 56 bits on disk. */
  sizeInWim: number;
  flags: number;
  offset: number;
  originalSize: number;
}

export const ZERO_RESHDR: Reshdr = { sizeInWim: 0, flags: 0, offset: 0, originalSize: 0 };

/** Reads a 24-byte resource header; `what` names it in the error a hostile value gets. */
export function readReshdr(bytes: Uint8Array, at: number, label: string, what: string): Reshdr {
  const sizeLow = u32le(bytes, at);
  const sizeHigh = u32le(bytes, at + 4) & 0xffffff;
  const flags = bytes[at + 7] ?? 0;
  return {
    sizeInWim: wide(sizeLow, sizeHigh, label, what),
    flags,
    offset: wide(u32le(bytes, at + 8), u32le(bytes, at + 12), label, what),
    originalSize: wide(u32le(bytes, at + 16), u32le(bytes, at + 20), label, what),
  };
}

export function writeReshdr(bytes: Uint8Array, at: number, reshdr: Reshdr): void {
  writeU64(bytes, at, reshdr.sizeInWim);
  bytes[at + 7] = reshdr.flags & 0xff;
  writeU64(bytes, at + 8, reshdr.offset);
  writeU64(bytes, at + 16, reshdr.originalSize);
}

export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  writeU16(bytes, at, value & 0xffff);
  writeU16(bytes, at + 2, (value >>> 16) & 0xffff);
}

/** Little-endian u64 of a safe integer (every offset and size here is one). */
export function writeU64(bytes: Uint8Array, at: number, value: number): void {
  writeU32(bytes, at, value % 0x1_0000_0000);
  writeU32(bytes, at + 4, Math.floor(value / 0x1_0000_0000));
}

/** Two u32 halves as a number; past 2^53 it cannot be a position in any file, so it is damage. */
function wide(low: number, high: number, label: string, what: string): number {
  if (high >= 0x200000) throw wimCorrupt(label, `${what} holds an impossibly large number`);
  return high * 0x1_0000_0000 + low;
}
