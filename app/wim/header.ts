// The WIM header: read with every field checked against the file that holds it, and written
// for the parts of a split set.

import { equalsAscii, u16le, u32le } from '../inspect/binary.js';
import {
  HDR,
  HDR_FLAG,
  HEADER_SIZE,
  PIPABLE_MAGIC,
  RES_FLAG,
  VERSION_DEFAULT,
  VERSION_SOLID,
  WIM_MAGIC,
  ZERO_RESHDR,
  readReshdr,
  writeReshdr,
  writeU16,
  writeU32,
  type Reshdr,
  type WimCompression,
} from './format.js';
import { wimCorrupt, wimUnsupported } from './wim-errors.js';

export interface WimHeader {
  version: number;
  flags: number;
  compression: WimCompression;
  chunkSize: number;
  guid: Uint8Array;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  lookupTable: Reshdr;
  xmlData: Reshdr;
  bootMetadata: Reshdr;
  bootIndex: number;
  integrityTable: Reshdr;
}

/** WIMGAPI's limit, which wimlib enforces too. */
const MAX_IMAGES = 65535;

/** Parses the first 208 bytes of a file of `fileSize` bytes. */
export function parseWimHeader(bytes: Uint8Array, fileSize: number, label: string): WimHeader {
  if (bytes.length < HEADER_SIZE || fileSize < HEADER_SIZE) {
    throw wimCorrupt(label, `it is ${fileSize} bytes long, too short to be a WIM file (its header alone is ${HEADER_SIZE})`);
  }
  if (equalsAscii(bytes, HDR.magic, PIPABLE_MAGIC)) {
    throw wimUnsupported(label, 'is a pipable WIM (a wimlib format that Windows Setup does not read)');
  }
  if (!equalsAscii(bytes, HDR.magic, WIM_MAGIC)) throw wimCorrupt(label, 'it does not start with the WIM signature "MSWIM"');
  const headerSize = u32le(bytes, HDR.headerSize);
  if (headerSize !== HEADER_SIZE) throw wimCorrupt(label, `its header claims to be ${headerSize} bytes instead of ${HEADER_SIZE}`);
  const version = u32le(bytes, HDR.version);
  if (version !== VERSION_DEFAULT && version !== VERSION_SOLID) {
    throw wimUnsupported(label, `is a WIM of an unknown version (0x${version.toString(16)})`);
  }
  const flags = u32le(bytes, HDR.flags);
  const compression = compressionOf(flags, label);
  const chunkSize = u32le(bytes, HDR.chunkSize);
  checkChunkSize(compression, chunkSize, label);
  const partNumber = u16le(bytes, HDR.partNumber);
  const totalParts = u16le(bytes, HDR.totalParts);
  if (partNumber === 0 || totalParts === 0 || partNumber > totalParts) {
    throw wimCorrupt(label, `its header says it is part ${partNumber} of ${totalParts}`);
  }
  const imageCount = u32le(bytes, HDR.imageCount);
  if (imageCount > MAX_IMAGES) throw wimCorrupt(label, `its header claims ${imageCount} images (at most ${MAX_IMAGES} exist)`);
  const header: WimHeader = {
    version,
    flags,
    compression,
    chunkSize,
    guid: bytes.slice(HDR.guid, HDR.guid + 16),
    partNumber,
    totalParts,
    imageCount,
    lookupTable: readReshdr(bytes, HDR.lookupTable, label, 'the header entry of the lookup table'),
    xmlData: readReshdr(bytes, HDR.xmlData, label, 'the header entry of the XML data'),
    bootMetadata: readReshdr(bytes, HDR.bootMetadata, label, 'the header entry of the boot metadata'),
    bootIndex: u32le(bytes, HDR.bootIndex),
    integrityTable: readReshdr(bytes, HDR.integrityTable, label, 'the header entry of the integrity table'),
  };
  checkTableResource(header.lookupTable, fileSize, label, 'lookup table');
  checkTableResource(header.xmlData, fileSize, label, 'XML data');
  return header;
}

function compressionOf(flags: number, label: string): WimCompression {
  if ((flags & HDR_FLAG.compression) === 0) return 'none';
  // The order wimlib checks them in, for files that set more than one.
  if (flags & HDR_FLAG.compressLzx) return 'lzx';
  if (flags & (HDR_FLAG.compressXpress | HDR_FLAG.compressXpress2)) return 'xpress';
  if (flags & HDR_FLAG.compressLzms) return 'lzms';
  throw wimCorrupt(label, 'its header says it is compressed but names no compression type');
}

/** Chunk sizes are powers of two in each format's range (wimlib wim.c); resources are never decoded here. */
function checkChunkSize(compression: WimCompression, chunkSize: number, label: string): void {
  if (compression === 'none') return;
  const [min, max] = compression === 'xpress' ? [4096, 65536] : compression === 'lzx' ? [32768, 2097152] : [32768, 1 << 30];
  if ((chunkSize & (chunkSize - 1)) !== 0 || chunkSize < min || chunkSize > max) {
    throw wimCorrupt(label, `its header gives an invalid chunk size (${chunkSize} bytes) for ${compression.toUpperCase()} compression`);
  }
}

/** The lookup table and XML data are stored whole inside the file, uncompressed (Windows reads no other form). */
function checkTableResource(reshdr: Reshdr, fileSize: number, label: string, what: string): void {
  if (reshdr.sizeInWim === 0) throw wimCorrupt(label, `it has no ${what}`);
  if (reshdr.flags & RES_FLAG.compressed) throw wimUnsupported(label, `has a compressed ${what}, which Windows cannot read either`);
  if (reshdr.sizeInWim !== reshdr.originalSize) {
    throw wimCorrupt(label, `its ${what} claims ${reshdr.sizeInWim} stored bytes for ${reshdr.originalSize} bytes of data`);
  }
  if (reshdr.offset < HEADER_SIZE) throw wimCorrupt(label, `its ${what} overlaps the header`);
  if (reshdr.offset + reshdr.sizeInWim > fileSize) throw wimCorrupt(label, `its ${what} lies past the end of the file`);
}

/** The fields a split part's header takes from its WIM, with wimlib's choices (src/write.c write_wim_part). */
export interface PartHeaderFields {
  source: WimHeader;
  guid: Uint8Array;
  partNumber: number;
  totalParts: number;
  lookupTable: Reshdr;
  xmlData: Reshdr;
}

export function encodePartHeader(fields: PartHeaderFields): Uint8Array {
  const { source } = fields;
  const bytes = new Uint8Array(HEADER_SIZE);
  for (let i = 0; i < WIM_MAGIC.length; i++) bytes[HDR.magic + i] = WIM_MAGIC.charCodeAt(i);
  writeU32(bytes, HDR.headerSize, HEADER_SIZE);
  writeU32(bytes, HDR.version, source.compression === 'lzms' ? VERSION_SOLID : VERSION_DEFAULT);
  writeU32(bytes, HDR.flags, partFlags(source, fields.totalParts));
  writeU32(bytes, HDR.chunkSize, source.chunkSize);
  bytes.set(fields.guid.subarray(0, 16), HDR.guid);
  writeU16(bytes, HDR.partNumber, fields.partNumber);
  writeU16(bytes, HDR.totalParts, fields.totalParts);
  writeU32(bytes, HDR.imageCount, source.imageCount);
  writeReshdr(bytes, HDR.lookupTable, fields.lookupTable);
  writeReshdr(bytes, HDR.xmlData, fields.xmlData);
  // A split set has no boot image and carries no integrity table (as wimlib writes it: the boot
  // index only exists for single-part files, and an integrity table would need every byte hashed).
  writeReshdr(bytes, HDR.bootMetadata, ZERO_RESHDR);
  writeU32(bytes, HDR.bootIndex, 0);
  writeReshdr(bytes, HDR.integrityTable, ZERO_RESHDR);
  return bytes;
}

/** Read-only and reparse-point fix-up carry over; "spanned" marks a set of several parts. */
function partFlags(source: WimHeader, totalParts: number): number {
  let flags = source.flags & (HDR_FLAG.rpFix | HDR_FLAG.readOnly);
  if (totalParts !== 1) flags |= HDR_FLAG.spanned;
  if (source.compression !== 'none') flags |= HDR_FLAG.compression;
  if (source.compression === 'xpress') flags |= HDR_FLAG.compressXpress;
  if (source.compression === 'lzx') flags |= HDR_FLAG.compressLzx;
  if (source.compression === 'lzms') flags |= HDR_FLAG.compressLzms;
  return flags >>> 0;
}
