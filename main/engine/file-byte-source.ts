// Random access to an image file for inspection, ls and extract. Opened read-only: the image is
// the user's file and is never modified.

import type { FileHandle } from 'node:fs/promises';
import { ImprintError } from '../../app/errors.js';
import type { ByteSource } from '../../app/inspect/byte-source.js';
import { openFile } from './sources/file-io.js';

export class FileByteSource implements ByteSource {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  /** Opens `path` read-only; E_IMAGE_NOT_FOUND / E_IMAGE_UNREADABLE / E_IMAGE_EMPTY as the image table says. */
  static async open(path: string): Promise<FileByteSource> {
    const handle = await openFile(path);
    try {
      const st = await handle.stat();
      if (st.isDirectory()) throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'it is a folder' });
      if (!st.isFile()) throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'it is not a regular file' });
      if (st.size === 0) throw new ImprintError('E_IMAGE_EMPTY', { path });
      return new FileByteSource(path, st.size, handle);
    } catch (error) {
      await handle.close();
      if (error instanceof ImprintError) throw error;
      throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: (error as NodeJS.ErrnoException).code });
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw new ImprintError('E_INTERNAL', { detail: `read from ${this.path} after close` });
    const start = Math.max(0, Math.min(offset, this.size));
    const wanted = Math.max(0, Math.min(length, this.size - start));
    const buffer = new Uint8Array(wanted);
    let filled = 0;
    try {
      while (filled < wanted) {
        const { bytesRead } = await this.handle.read(buffer, filled, wanted - filled, start + filled);
        if (bytesRead === 0) break; // the file shrank since it was opened
        filled += bytesRead;
      }
    } catch (error) {
      throw new ImprintError('E_IMAGE_UNREADABLE', { path: this.path, detail: (error as NodeJS.ErrnoException).code });
    }
    return filled === wanted ? buffer : buffer.subarray(0, filled);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
