// Small helpers every container reader shares: positioned reads of the image file, and the typed
// errors that name the format ("xz: …") so the user knows which layer is damaged.

import { open, type FileHandle } from 'node:fs/promises';
import { ImprintError } from '../../../app/errors.js';
import type { SourceReader } from '../source.js';

export function corruptImage(path: string, format: string, detail: string): ImprintError {
  return new ImprintError('E_IMAGE_CORRUPT', { path, detail: `${format}: ${detail}` });
}

export function unsupportedImage(path: string, detail: string): ImprintError {
  return new ImprintError('E_IMAGE_UNSUPPORTED', { path, detail });
}

export async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ImprintError('E_IMAGE_NOT_FOUND', { path });
    throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: code === 'EACCES' ? 'permission denied' : code });
  }
}

/** Reads up to `length` bytes at `offset`; fewer only at the end of the file. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/** A sequential reader over `length` bytes of a file from `start` (a zip entry, a whole file). */
export class FileRangeReader implements SourceReader {
  private position: number;
  private readonly end: number;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    length: number,
  ) {
    this.position = start;
    this.end = start + length;
  }

  static async open(path: string, start = 0, length = Number.MAX_SAFE_INTEGER): Promise<FileRangeReader> {
    return new FileRangeReader(await openFile(path), start, length);
  }

  async read(into: Buffer): Promise<number> {
    let filled = 0;
    while (filled < into.length && this.position < this.end) {
      const want = Math.min(into.length - filled, this.end - this.position);
      const { bytesRead } = await this.handle.read(into, filled, want, this.position);
      if (bytesRead === 0) break;
      filled += bytesRead;
      this.position += bytesRead;
    }
    return filled;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Reads until `into` is full or the reader ends (readers may return short counts mid-stream). */
export async function readFull(reader: SourceReader, into: Buffer): Promise<number> {
  let filled = 0;
  while (filled < into.length) {
    const n = await reader.read(into.subarray(filled));
    if (n === 0) break;
    filled += n;
  }
  return filled;
}
