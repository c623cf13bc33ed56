// Random access to an image file for inspection, ls and extract. Read-only: the image is the
// user's file and is never modified. It reads an ImageFile (sources/image-file.ts): a regular file
// opened once, with the rights of the user who asked.

import { ImprintError } from '../../app/errors.js';
import type { ByteSource } from '../../app/inspect/byte-source.js';
import { ImageFile, type ImageFileOptions } from './sources/image-file.js';

export class FileByteSource implements ByteSource {
  private closed = false;

  private constructor(
    private readonly file: ImageFile,
    /** Whether close() closes the file (opened here) or leaves it to its owner (a source). */
    private readonly owned: boolean,
  ) {}

  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.file.size;
  }

  /** Opens `path`; E_IMAGE_NOT_FOUND / E_IMAGE_NOT_A_FILE / E_IMAGE_EMPTY / E_IMAGE_FORBIDDEN / E_IMAGE_UNREADABLE. */
  static async open(path: string, options: ImageFileOptions = {}): Promise<FileByteSource> {
    return new FileByteSource(await ImageFile.open(path, options), true);
  }

  /** The bytes of a file someone else holds open (and closes). */
  static of(file: ImageFile): FileByteSource {
    return new FileByteSource(file, false);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw new ImprintError('E_INTERNAL', { detail: `read from ${this.path} after close` });
    const start = Math.max(0, Math.min(offset, this.size));
    const wanted = Math.max(0, Math.min(length, this.size - start));
    // Fewer bytes only if the file shrank since it was opened.
    return this.file.readAt(start, wanted);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.file.close();
  }
}
