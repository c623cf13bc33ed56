// Apple UDIF disk images (.dmg). The 512-byte "koly" trailer (big-endian) points at an XML property
// list whose "blkx" array holds one "mish" table per partition; each table lists chunks of 512-byte
// sectors stored as zeros, raw, zlib or bzip2. LZFSE, LZMA and ADC chunks are refused at open time:
// no maintained npm decoder exists for LZFSE, and the others are obsolete.

import { inflateSync } from 'node:zlib';
import { ImprintError } from '../../../app/errors.js';
import type { SourceReader } from '../source.js';
import { corruptImage, readAt, unsupportedImage, type PositionedFile } from './file-io.js';
import type { ImageFile } from './image-file.js';
import { RandomAccessSource, type ImageBytes } from './random-access.js';
import { openDecoder } from './stream-decoders.js';

const SECTOR = 512;

/** mish chunk types (BLKXChunkEntry.EntryType). */
const ZERO = 0x00000000;
const RAW = 0x00000001;
const IGNORE = 0x00000002;
const ZLIB = 0x80000005;
const BZIP2 = 0x80000006;
const COMMENT = 0x7ffffffe;
const TERMINATOR = 0xffffffff;
const UNSUPPORTED: Record<number, string> = { 0x80000004: 'ADC', 0x80000007: 'LZFSE', 0x80000008: 'LZMA' };

interface Chunk {
  type: number;
  /** Decoded bytes: position and length in the image. */
  start: number;
  length: number;
  /** Stored bytes in the file. */
  offset: number;
  stored: number;
}

function blkxTables(xml: string): Buffer[] {
  const key = xml.indexOf('<key>blkx</key>');
  if (key < 0) return [];
  const arrayEnd = xml.indexOf('</array>', key);
  const section = xml.slice(key, arrayEnd < 0 ? undefined : arrayEnd);
  return [...section.matchAll(/<data>([^<]*)<\/data>/g)].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

async function readChunks(handle: PositionedFile, fileSize: number, path: string): Promise<{ size: number; chunks: Chunk[] }> {
  const bad = (detail: string): Error => corruptImage(path, 'dmg', detail);
  const koly = await readAt(handle, fileSize - 512, 512);
  if (koly.toString('latin1', 0, 4) !== 'koly') throw bad('the koly trailer is missing');
  const dataFork = Number(koly.readBigUInt64BE(24)); // DataForkOffset
  const xmlOffset = Number(koly.readBigUInt64BE(216)); // XMLOffset
  const xmlLength = Number(koly.readBigUInt64BE(224)); // XMLLength
  const sectorCount = Number(koly.readBigUInt64BE(492)); // SectorCount
  if (xmlLength === 0 || xmlOffset + xmlLength > fileSize || xmlLength > 64 * 1024 * 1024) {
    throw bad('the property list lies outside the file (truncated?)');
  }
  const tables = blkxTables((await readAt(handle, xmlOffset, xmlLength)).toString('utf8'));
  if (tables.length === 0) throw bad('the property list has no blkx partition tables');
  const chunks: Chunk[] = [];
  for (const mish of tables) {
    if (mish.length < 204 || mish.toString('latin1', 0, 4) !== 'mish') throw bad('a blkx table is damaged');
    const firstSector = Number(mish.readBigUInt64BE(8)); // SectorNumber
    const dataOffset = Number(mish.readBigUInt64BE(24)); // DataOffset
    const count = mish.readUInt32BE(200); // NumberOfBlockChunks
    if (204 + count * 40 > mish.length) throw bad('a blkx table is cut short');
    for (let i = 0; i < count; i++) {
      const at = 204 + i * 40;
      const type = mish.readUInt32BE(at);
      if (type === COMMENT || type === TERMINATOR) continue;
      const name = UNSUPPORTED[type];
      if (name) throw unsupportedImage(path, `unsupported DMG compression (${name}); convert it on a Mac with "hdiutil convert -format UDZO" (zlib) or to a raw image, and write that`);
      if (![ZERO, RAW, IGNORE, ZLIB, BZIP2].includes(type)) throw bad(`unknown chunk type 0x${type.toString(16)}`);
      const chunk: Chunk = {
        type,
        start: (firstSector + Number(mish.readBigUInt64BE(at + 8))) * SECTOR,
        length: Number(mish.readBigUInt64BE(at + 16)) * SECTOR,
        offset: dataFork + dataOffset + Number(mish.readBigUInt64BE(at + 24)),
        stored: Number(mish.readBigUInt64BE(at + 32)),
      };
      if (![chunk.start, chunk.length, chunk.offset, chunk.stored].every(Number.isSafeInteger)) throw bad('a chunk has an impossible position or size');
      if ((type === RAW || type === ZLIB || type === BZIP2) && chunk.offset + chunk.stored > fileSize) {
        throw bad(`a chunk lies past the end of the file (truncated)`);
      }
      checkChunkBounds(chunk, path);
      if (chunk.length > 0) chunks.push(chunk);
    }
  }
  chunks.sort((a, b) => a.start - b.start);
  // Reads find their chunks by binary search: overlapping chunks would be decoded together, each time.
  for (let i = 1; i < chunks.length; i++) {
    const [before, after] = [chunks[i - 1], chunks[i]];
    if (before && after && after.start < before.start + before.length) throw bad(`two chunks describe the same sectors (at byte ${after.start})`);
  }
  const end = chunks.reduce((max, c) => Math.max(max, c.start + c.length), 0);
  const size = sectorCount > 0 ? sectorCount * SECTOR : end;
  if (!Number.isSafeInteger(size)) throw bad('the disk size is impossible');
  return { size, chunks };
}

/**
 * hdiutil writes compressed chunks of 1 MiB (2048 sectors); a chunk is decoded whole, so its
 * declared size bounds the memory one read costs. Larger claims are refused before anything is
 * decoded (a 1 MB file whose zlib chunk inflates to 1 GiB must not reach inflate).
 */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

function checkChunkBounds(chunk: Chunk, path: string): void {
  if (chunk.type !== ZLIB && chunk.type !== BZIP2) return;
  if (chunk.length > MAX_CHUNK_BYTES) {
    throw unsupportedImage(path, `a DMG chunk claims ${chunk.length} decoded bytes, more than the ${MAX_CHUNK_BYTES / 1024 / 1024} MiB Imprint decodes at once; convert it on a Mac with "hdiutil convert -format UDZO" or to a raw image, and write that`);
  }
  // zlib and bzip2 grow incompressible data by well under 1 % (stored blocks, Huffman tables).
  if (chunk.stored > chunk.length + chunk.length / 16 + 64 * 1024) {
    throw corruptImage(path, 'dmg', `the chunk at byte ${chunk.start} stores ${chunk.stored} bytes for ${chunk.length}`);
  }
}

/** Every read goes through the open file the source holds (image-file.ts). */
export async function dmgImage(file: ImageFile): Promise<RandomAccessSource> {
  const { path } = file;
  const { size, chunks } = await readChunks(file, file.size, path);
  return new RandomAccessSource(file, 'dmg', size, () => Promise.resolve(dmgBytes(file, size, chunks, path)));
}

/** Decoded chunks kept for reads that straddle or revisit them, by bytes (64 1-MiB chunks). */
const CACHE_BYTES = 64 * 1024 * 1024;

function dmgBytes(handle: PositionedFile, size: number, chunks: Chunk[], path: string): ImageBytes {
  const cache = new Map<Chunk, Buffer>();
  let cached = 0;
  // Parsers that keep jumping between chunks must not make one view decode without end: a pass
  // decodes each chunk once, so twice the compressed chunks' total (plus slack) is never reached
  // by reading, only by a hostile image's structures sending inspection back and forth.
  const compressed = chunks.reduce((sum, c) => sum + (c.type === ZLIB || c.type === BZIP2 ? c.length : 0), 0);
  const budget = 2 * compressed + 256 * 1024 * 1024;
  let decoded = 0;
  const decode = async (chunk: Chunk): Promise<Buffer> => {
    const hit = cache.get(chunk);
    if (hit) {
      cache.delete(chunk);
      cache.set(chunk, hit);
      return hit;
    }
    if (decoded + chunk.length > budget) {
      throw new ImprintError('E_INSPECT_LIMIT', { path, detail: `the DMG chunks were decoded ${Math.round(decoded / 1024 / 1024)} MiB over without reaching what was asked` });
    }
    decoded += chunk.length;
    const stored = await readAt(handle, chunk.offset, chunk.stored);
    let out: Buffer;
    try {
      // maxOutputLength: a chunk that inflates past its declared size fails at that size, not at 1 GiB.
      out = chunk.type === ZLIB ? inflateSync(stored, { maxOutputLength: Math.max(1, chunk.length) }) : await decodeAll(stored, path, chunk.length);
    } catch (error) {
      const tooLarge = error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE';
      const why = tooLarge ? `it decodes to more than its ${chunk.length} bytes` : error instanceof Error ? error.message : String(error);
      throw corruptImage(path, 'dmg', `the chunk at byte ${chunk.start} cannot be decoded (${why})`);
    }
    if (out.length !== chunk.length) throw corruptImage(path, 'dmg', `the chunk at byte ${chunk.start} decodes to ${out.length} bytes, not ${chunk.length}`);
    cache.set(chunk, out);
    cached += out.length;
    for (const [key, value] of cache) {
      if (cached <= CACHE_BYTES || key === chunk) break;
      cache.delete(key);
      cached -= value.length;
    }
    return out;
  };
  /** Raw chunks are read in place, never whole: one may hold gigabytes. */
  const raw = async (chunk: Chunk, from: number, to: number): Promise<Buffer> => {
    const within = from - chunk.start;
    const bytes = within + (to - from) <= chunk.stored ? await readAt(handle, chunk.offset + within, to - from) : null;
    if (bytes === null || bytes.length < to - from) throw corruptImage(path, 'dmg', `the raw chunk at byte ${chunk.start} is cut short`);
    return bytes;
  };
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (offset >= end) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      let index = firstChunkEndingAfter(chunks, offset);
      for (let chunk = chunks[index]; chunk && chunk.start < end; chunk = chunks[++index]) {
        if (chunk.type === ZERO || chunk.type === IGNORE) continue;
        const from = Math.max(offset, chunk.start);
        const to = Math.min(end, chunk.start + chunk.length);
        if (chunk.type === RAW) out.set(await raw(chunk, from, to), from - offset);
        else out.set((await decode(chunk)).subarray(from - chunk.start, to - chunk.start), from - offset);
      }
      return out;
    },
    close: () => Promise.resolve(),
  };
}

function firstChunkEndingAfter(chunks: Chunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid];
    if (c && c.start + c.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A bzip2 chunk, decoded through the same streaming decoder as .bz2 files. */
async function decodeAll(stored: Buffer, path: string, expected: number): Promise<Buffer> {
  let given = 0;
  const bottom: SourceReader = {
    read: (into) => {
      const n = stored.copy(into, 0, given, Math.min(stored.length, given + into.length));
      given += n;
      return Promise.resolve(n);
    },
    close: () => Promise.resolve(),
  };
  const reader = openDecoder('bzip2', bottom, path);
  const out = Buffer.alloc(expected + 1);
  let filled = 0;
  for (let n = 1; n > 0 && filled < out.length; filled += n) n = await reader.read(out.subarray(filled));
  await reader.close();
  return out.subarray(0, filled);
}
