// Small helpers every container reader shares: positioned reads of the open image file, and the typed
// errors that name the format ("xz: …") so the user knows which layer is damaged.

import { ImprintError } from '../../../app/errors.js';
import type { SourceReader } from '../source.js';

export function corruptImage(path: string, format: string, detail: string): ImprintError {
  return new ImprintError('E_IMAGE_CORRUPT', { path, detail: `${format}: ${detail}` });
}

export function unsupportedImage(path: string, detail: string): ImprintError {
  return new ImprintError('E_IMAGE_UNSUPPORTED', { path, detail });
}

/**
 * What the readers need of an open image file: positioned reads. An ImageFile (image-file.ts) is
 * one; nothing here opens a file by its path, so every pass reads the one handle opened and checked.
 */
export interface PositionedFile {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Reads up to `length` bytes at `offset`; fewer only at the end of the file. */
export async function readAt(handle: PositionedFile, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/**
 * A sequential reader over `length` bytes of an open file from `start` (a zip entry, a whole file).
 * Closing it leaves the file open: the file belongs to the source, which serves every pass.
 */
export class FileRangeReader implements SourceReader {
  private position: number;
  private readonly end: number;
  /** Reads run one after another: a decoder may pull ahead while the pass drains the rest. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: PositionedFile,
    start: number,
    length: number,
    /** Sees every byte this reader reads, in order, once (the flash job's hash of the file); valid during the call only. */
    private readonly onBytes?: (bytes: Uint8Array) => void,
  ) {
    this.position = start;
    this.end = start + length;
  }

  read(into: Buffer): Promise<number> {
    const result = this.queue.then(() => this.readNow(into));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readNow(into: Buffer): Promise<number> {
    let filled = 0;
    while (filled < into.length && this.position < this.end) {
      const want = Math.min(into.length - filled, this.end - this.position);
      const { bytesRead } = await this.file.read(into, filled, want, this.position);
      if (bytesRead === 0) break;
      this.onBytes?.(into.subarray(filled, filled + bytesRead));
      filled += bytesRead;
      this.position += bytesRead;
    }
    return filled;
  }

  /**
   * Reads what is left to the end, for `onBytes` only: the bytes after a compressed stream's end
   * (padding, a trailer) that its decoder never asks for still belong to the file that is hashed.
   */
  async drain(): Promise<void> {
    if (!this.onBytes) return;
    const scratch = Buffer.allocUnsafe(1024 * 1024);
    for (let n = 1; n > 0; ) n = await this.read(scratch);
  }

  close(): Promise<void> {
    return Promise.resolve();
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
