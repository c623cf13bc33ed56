// Random access to an image's bytes, whatever holds them (a file in main, a File in the renderer,
// a decoder, a test buffer). Parsers only ever see this interface.

import { formatBytes } from '../format.js';
import { corrupt } from './binary.js';
import { LIMITS } from './limits.js';

export interface ByteSource {
  readonly size: number;
  /** Returns `length` bytes from `offset`; fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Reads exactly `length` bytes or reports the image as damaged (`what` names the structure). */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw corrupt(`${what} has an impossible position`);
  }
  if (length > LIMITS.maxRead) throw corrupt(`${what} claims ${length} bytes`);
  if (offset + length > source.size) throw corrupt(`${what} lies past the end of the image`);
  const bytes = await source.read(offset, length);
  if (bytes.length < length) throw corrupt(`${what} lies past the end of the image`);
  return bytes.length === length ? bytes : bytes.subarray(0, length);
}

/** Like readExact, but gives null instead of an error when the bytes are not all there. */
export async function readIfPresent(source: ByteSource, offset: number, length: number): Promise<Uint8Array | null> {
  if (offset < 0 || length < 0 || offset + length > source.size || length > LIMITS.maxRead) return null;
  const bytes = await source.read(offset, length);
  return bytes.length < length ? null : bytes.subarray(0, length);
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      const start = Math.max(0, Math.min(offset, bytes.length));
      return Promise.resolve(bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length))));
    },
  };
}

/** A window of another source (a partition): offsets are relative, reads stop at the window's end. */
export function sliceSource(source: ByteSource, start: number, size: number): ByteSource {
  const clampedStart = Math.min(Math.max(0, start), source.size);
  const clampedSize = Math.max(0, Math.min(size, source.size - clampedStart));
  return {
    size: clampedSize,
    read(offset, length) {
      const from = Math.max(0, Math.min(offset, clampedSize));
      const to = Math.min(clampedSize, from + Math.max(0, length));
      return source.read(clampedStart + from, to - from);
    },
  };
}

/** One piece of a file: `length` bytes at `offset` in the image, or zeros when offset is null. */
export interface Extent {
  offset: number | null;
  length: number;
}

/** A file made of extents (multi-extent ISO files, UDF allocation descriptors, FAT cluster runs). */
export function extentSource(source: ByteSource, extents: readonly Extent[]): ByteSource {
  const starts: number[] = [];
  let size = 0;
  for (const extent of extents) {
    starts.push(size);
    size += extent.length;
  }
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + Math.max(0, length));
      if (offset >= end) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      let index = upperBound(starts, offset) - 1;
      let position = offset;
      while (position < end && index < extents.length) {
        const extent = extents[index];
        const extentStart = starts[index];
        if (extent === undefined || extentStart === undefined) break;
        const within = position - extentStart;
        const take = Math.min(extent.length - within, end - position);
        if (take > 0 && extent.offset !== null) {
          const bytes = await source.read(extent.offset + within, take);
          if (bytes.length < take) throw corrupt('a file continues past the end of the image');
          out.set(bytes.subarray(0, take), position - offset);
        }
        position += Math.max(0, take);
        index += 1;
      }
      return out;
    },
  };
}

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface CachingSourceOptions {
  /** Bytes fetched from the inner source at a time (a power of two). */
  blockSize?: number;
  /** Blocks kept; the least recently used is dropped first. */
  maxBlocks?: number;
  /** Total bytes it may fetch before refusing, as a damaged image (bounds work on hostile input). */
  maxFetchBytes?: number;
}

/**
 * Caches an inner source in aligned blocks, so parsers can read small fields freely while the
 * file sees few, larger reads; counts what it fetched (the inspection benchmark reports it).
 * Large reads (file extraction) bypass the cache.
 */
export class CachingSource implements ByteSource {
  readonly size: number;
  /** Bytes fetched from the inner source, counting refetches of evicted blocks. */
  bytesFetched = 0;
  /** Reads issued to the inner source. */
  reads = 0;
  private readonly blockSize: number;
  private readonly maxBlocks: number;
  private readonly maxFetchBytes: number;
  private readonly blocks = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly inner: ByteSource,
    options: CachingSourceOptions = {},
  ) {
    this.size = inner.size;
    this.blockSize = options.blockSize ?? 16 * 1024;
    this.maxBlocks = options.maxBlocks ?? 512;
    this.maxFetchBytes = options.maxFetchBytes ?? Number.POSITIVE_INFINITY;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + Math.max(0, length));
    if (offset < 0 || offset >= end) return new Uint8Array(0);
    if (end - offset > this.blockSize * 4) return this.fetch(offset, end - offset);
    const first = Math.floor(offset / this.blockSize);
    const last = Math.floor((end - 1) / this.blockSize);
    if (first === last) {
      const block = await this.block(first);
      const from = offset - first * this.blockSize;
      return block.subarray(from, from + (end - offset));
    }
    const out = new Uint8Array(end - offset);
    for (let index = first; index <= last; index++) {
      const block = await this.block(index);
      const blockStart = index * this.blockSize;
      const from = Math.max(offset, blockStart);
      const to = Math.min(end, blockStart + block.length);
      if (to > from) out.set(block.subarray(from - blockStart, to - blockStart), from - offset);
    }
    return out;
  }

  private block(index: number): Promise<Uint8Array> {
    const cached = this.blocks.get(index);
    if (cached !== undefined) {
      // Map keeps insertion order: re-inserting marks the block most recently used.
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    const start = index * this.blockSize;
    const pending = this.fetch(start, Math.min(this.blockSize, this.size - start));
    this.blocks.set(index, pending);
    void pending.catch(() => this.blocks.delete(index));
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next();
      if (oldest.done === true) break;
      this.blocks.delete(oldest.value);
    }
    return pending;
  }

  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    if (this.bytesFetched + length > this.maxFetchBytes) {
      throw corrupt(`its structures claim more than ${formatBytes(this.maxFetchBytes)} of metadata`);
    }
    this.reads += 1;
    this.bytesFetched += length;
    return this.inner.read(offset, length);
  }
}
