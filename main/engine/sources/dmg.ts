// Apple UDIF disk images (.dmg). The 512-byte "koly" trailer (big-endian) points at an XML property
// list whose "blkx" array holds one "mish" table per partition; each table lists chunks of 512-byte
// sectors stored as zeros, raw, zlib or bzip2. LZFSE, LZMA and ADC chunks are refused at open time:
// no maintained npm decoder exists for LZFSE, and the others are obsolete.

import type { FileHandle } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import type { SourceReader } from '../source.js';
import { corruptImage, openFile, readAt, unsupportedImage } from './file-io.js';
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

async function readChunks(handle: FileHandle, fileSize: number, path: string): Promise<{ size: number; chunks: Chunk[] }> {
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
      if ((type === RAW || type === ZLIB || type === BZIP2) && chunk.offset + chunk.stored > fileSize) {
        throw bad(`a chunk lies past the end of the file (truncated)`);
      }
      if (chunk.length > 0) chunks.push(chunk);
    }
  }
  chunks.sort((a, b) => a.start - b.start);
  const end = chunks.reduce((max, c) => Math.max(max, c.start + c.length), 0);
  return { size: sectorCount > 0 ? sectorCount * SECTOR : end, chunks };
}

export async function dmgImage(path: string, fileSize: number): Promise<RandomAccessSource> {
  const handle = await openFile(path);
  try {
    const { size, chunks } = await readChunks(handle, fileSize, path);
    return new RandomAccessSource(path, 'dmg', size, async () => dmgBytes(await openFile(path), size, chunks, path));
  } finally {
    await handle.close();
  }
}

/** Chunks are decoded whole (typically 1 MiB); the last few are kept for reads that straddle them. */
const CACHED_CHUNKS = 4;

function dmgBytes(handle: FileHandle, size: number, chunks: Chunk[], path: string): ImageBytes {
  const cache = new Map<Chunk, Buffer>();
  const decode = async (chunk: Chunk): Promise<Buffer> => {
    const hit = cache.get(chunk);
    if (hit) return hit;
    const stored = await readAt(handle, chunk.offset, chunk.stored);
    let out: Buffer;
    try {
      out = chunk.type === RAW ? stored : chunk.type === ZLIB ? inflateSync(stored) : await decodeAll(stored, path, chunk.length);
    } catch (error) {
      throw corruptImage(path, 'dmg', `the chunk at byte ${chunk.start} cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
    }
    if (out.length !== chunk.length) throw corruptImage(path, 'dmg', `the chunk at byte ${chunk.start} decodes to ${out.length} bytes, not ${chunk.length}`);
    cache.set(chunk, out);
    for (const key of cache.keys()) {
      if (cache.size <= CACHED_CHUNKS) break;
      cache.delete(key);
    }
    return out;
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
        const data = await decode(chunk);
        const from = Math.max(offset, chunk.start);
        const to = Math.min(end, chunk.start + chunk.length);
        out.set(data.subarray(from - chunk.start, to - chunk.start), from - offset);
      }
      return out;
    },
    close: () => handle.close(),
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
