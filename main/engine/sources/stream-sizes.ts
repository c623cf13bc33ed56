// What a compressed stream says about its decoded size, read from the file without decoding it:
// the xz index (exact), zstd frame headers (exact when every frame carries Frame_Content_Size), the
// gzip ISIZE trailer (size mod 2^32: an estimate) and nothing for bzip2 (an estimate).

import { corruptImage, readAt, type PositionedFile } from './file-io.js';

export interface DecodedSize {
  size: number;
  exact: boolean;
  /** With an estimate: the least the decoded stream can be. */
  minSize?: number;
}

/**
 * The least a stream of `compressed` bytes can decode to. Every one of these codecs stores
 * incompressible data in raw blocks whose framing costs well under 1 % (deflate: 5 bytes per 64 KiB
 * stored block; LZMA2: 3 per 64 KiB chunk; zstd: 3 per 128 KiB block; bzip2: under 1 % on random
 * data), so 98 % of the compressed size, less headers, is a safe floor.
 */
export function decodedLowerBound(compressed: number): number {
  return Math.max(0, Math.floor(compressed * 0.98) - 4096);
}

/** xz: walks the streams backwards from the end (xz file format 1.1.0, §2.1.2 footer, §4 index). */
export async function xzDecodedSize(handle: PositionedFile, fileSize: number, path: string): Promise<DecodedSize> {
  const bad = (detail: string): Error => corruptImage(path, 'xz', detail);
  let end = fileSize;
  let total = 0;
  for (let streams = 0; end > 0; streams++) {
    if (streams > 10_000) throw bad('too many concatenated streams');
    end = await skipStreamPadding(handle, end);
    if (end < 24) throw bad('the file is too short to hold an xz stream (it is probably truncated)');
    const footer = await readAt(handle, end - 12, 12);
    if (footer[10] !== 0x59 || footer[11] !== 0x5a) throw bad('the stream footer is missing (the file is probably truncated)');
    const indexSize = (footer.readUInt32LE(4) + 1) * 4; // Backward Size, stored as (size / 4) - 1
    const indexStart = end - 12 - indexSize;
    if (indexStart < 12 || indexSize > 64 * 1024 * 1024) throw bad('the index position is impossible');
    const index = await readAt(handle, indexStart, indexSize);
    if (index[0] !== 0x00) throw bad('the index is damaged');
    let pos = 1;
    const varint = (): number => {
      let value = 0;
      for (let i = 0; i < 9; i++) {
        const byte = index[pos++];
        if (byte === undefined) throw bad('the index is damaged');
        value += (byte & 0x7f) * 2 ** (7 * i);
        if ((byte & 0x80) === 0) return value;
      }
      throw bad('the index is damaged');
    };
    const records = varint();
    let blocksBytes = 0;
    for (let i = 0; i < records; i++) {
      const unpadded = varint();
      total += varint();
      blocksBytes += Math.ceil(unpadded / 4) * 4; // blocks are padded to a multiple of four
      if (pos > index.length) throw bad('the index is damaged');
    }
    if (!Number.isSafeInteger(total)) throw bad('the index claims an impossible size');
    const streamStart = indexStart - blocksBytes - 12;
    if (streamStart < 0) throw bad('the index describes more data than the file holds');
    const header = await readAt(handle, streamStart, 6);
    if (!header.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
      throw bad('a stream does not start where its index says (the file is damaged or truncated)');
    }
    end = streamStart;
  }
  return { size: total, exact: true };
}

/** Stream padding read backwards at a time: 16 MiB of padding costs 256 reads, not 4 million. */
const PADDING_WINDOW = 64 * 1024;

/**
 * Where the stream padding before `end` begins: zero bytes in multiples of four after a stream
 * footer (§2.2). A stream footer ends in "YZ", so the search stops at the first non-zero group.
 */
async function skipStreamPadding(handle: PositionedFile, end: number): Promise<number> {
  while (end >= 4) {
    const from = end - Math.min(PADDING_WINDOW, end - (end % 4));
    const window = await readAt(handle, from, end - from);
    if (window.length < end - from) return end;
    for (let at = window.length - 4; at >= 0; at -= 4) {
      if (window.readUInt32LE(at) !== 0) return from + at + 4;
    }
    end = from;
  }
  return end;
}

/** A forward reader with a window, so walking thousands of small block headers costs few reads. */
class Window {
  private start = 0;
  private bytes: Buffer = Buffer.alloc(0);
  constructor(private readonly handle: PositionedFile) {}
  async at(offset: number, length: number): Promise<Buffer> {
    if (offset < this.start || offset + length > this.start + this.bytes.length) {
      this.start = offset;
      this.bytes = await readAt(this.handle, offset, Math.max(length, 256 * 1024));
    }
    return this.bytes.subarray(offset - this.start, offset - this.start + length);
  }
}

/** Blocks (and skippable frames) walked before zstd gives up on an exact size (a 64 GiB image has about 500,000). */
const MAX_ZSTD_BLOCKS = 5_000_000;

/** zstd: sums Frame_Content_Size over every frame (RFC 8878 §3.1.1), walking block headers between them. */
export async function zstdDecodedSize(handle: PositionedFile, fileSize: number, path: string): Promise<DecodedSize> {
  const bad = (detail: string): Error => corruptImage(path, 'zstd', detail);
  const estimate = unknownDecodedSize(fileSize);
  const window = new Window(handle);
  let pos = 0;
  let total = 0;
  let blocks = 0;
  while (pos < fileSize) {
    const head = await window.at(pos, 18);
    if (head.length < 4) throw bad('the data ends in the middle of a frame (truncated)');
    const magic = head.readUInt32LE(0);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (head.length < 8) throw bad('a skippable frame is cut short');
      // Counted like blocks: millions of empty skippable frames must not make opening slow.
      if (++blocks > MAX_ZSTD_BLOCKS) return estimate;
      pos += 8 + head.readUInt32LE(4);
      continue;
    }
    if (magic !== 0xfd2fb528) throw bad(`no frame starts at byte ${pos}`);
    const fhd = head[4] ?? 0; // Frame_Header_Descriptor
    const singleSegment = (fhd >> 5) & 1;
    const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6] ?? 0;
    const dictBytes = [0, 1, 2, 4][fhd & 3] ?? 0;
    const fcsAt = 5 + (singleSegment ? 0 : 1) + dictBytes;
    if (head.length < fcsAt + fcsBytes) throw bad('a frame header is cut short');
    if (fcsBytes === 0) return estimate; // the writer did not record the size (streamed input)
    const fcs = fcsBytes === 1 ? (head[fcsAt] ?? 0) : fcsBytes === 2 ? head.readUInt16LE(fcsAt) + 256 : fcsBytes === 4 ? head.readUInt32LE(fcsAt) : Number(head.readBigUInt64LE(fcsAt));
    if (!Number.isSafeInteger(fcs)) throw bad('a frame claims an impossible size');
    total += fcs;
    if (!Number.isSafeInteger(total)) throw bad('the frames claim an impossible size');
    pos += fcsAt + fcsBytes;
    for (let last = false; !last; ) {
      if (++blocks > MAX_ZSTD_BLOCKS) return estimate;
      const bh = await window.at(pos, 3);
      if (bh.length < 3) throw bad('the data ends in the middle of a frame (truncated)');
      const header = bh.readUIntLE(0, 3);
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      if (type === 3) throw bad(`reserved block type at byte ${pos}`);
      pos += 3 + (type === 1 ? 1 : header >>> 3); // RLE blocks store one byte
    }
    if ((fhd >> 2) & 1) pos += 4; // Content_Checksum
  }
  if (pos > fileSize) throw bad('the data ends in the middle of a frame (truncated)');
  return { size: total, exact: true };
}

/** gzip: ISIZE (RFC 1952 §2.3.1) is the size mod 2^32, and only the last member's: an estimate. */
export async function gzipDecodedSize(handle: PositionedFile, fileSize: number): Promise<DecodedSize> {
  const minSize = decodedLowerBound(fileSize);
  if (fileSize < 18) return { size: minSize, exact: false, minSize };
  const isize = (await readAt(handle, fileSize - 4, 4)).readUInt32LE(0);
  // The smallest size with those low 32 bits that the compressed size allows.
  let size = isize;
  while (size < minSize) size += 2 ** 32;
  return { size, exact: false, minSize };
}

/** Disk images typically shrink to a third or less; the guess only scales progress bars. */
const TYPICAL_RATIO = 3;

export function unknownDecodedSize(fileSize: number): DecodedSize {
  return { size: fileSize * TYPICAL_RATIO, exact: false, minSize: decodedLowerBound(fileSize) };
}
