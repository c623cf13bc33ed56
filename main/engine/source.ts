// Image sources: what gets written. A source is read sequentially in passes (one to write, one to
// verify); decoders for compressed and container formats implement the same interface, with an
// exact size or an estimate marked as such.

import { stat } from 'node:fs/promises';
import { ImprintError } from '../../app/errors.js';
import { FileRangeReader, openFile } from './sources/file-io.js';
import { openSource, type OpenOptions } from './sources/index.js';

export interface SourceReader {
  /** Fills `into` from the current position; returns the bytes read (less than asked only at the end). */
  read(into: Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface ImageSource {
  readonly path: string;
  /** "raw" here; decoders name their format ("xz", "zip", …). */
  readonly container: string;
  /** Bytes the drive will receive: exact, or an estimate when sizeIsEstimate. */
  readonly size: number;
  readonly sizeIsEstimate: boolean;
  /** With an estimate: the least the decoded image can be. */
  readonly minSize?: number;
  /** Starts a new sequential pass from byte 0. */
  openReader(): Promise<SourceReader>;
}

/** An uncompressed image file (.iso, .img, anything raw), opened read-only: it is never modified. */
export class RawFileSource implements ImageSource {
  readonly container = 'raw';
  readonly sizeIsEstimate = false;

  private constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<RawFileSource> {
    let st;
    try {
      st = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ImprintError('E_IMAGE_NOT_FOUND', { path });
      throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: code });
    }
    if (st.isDirectory()) throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'it is a folder' });
    if (st.isBlockDevice()) {
      throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'it is a drive; give an image file' });
    }
    if (st.size === 0) throw new ImprintError('E_IMAGE_EMPTY', { path });
    // Prove it is readable now, not halfway through a job.
    const probe = await openFile(path);
    await probe.close();
    return new RawFileSource(path, st.size);
  }

  async openReader(): Promise<SourceReader> {
    return FileRangeReader.open(this.path);
  }
}

/**
 * Opens an image file as a source: the container (xz, zip, DMG, VHD, BIN/CUE, …) is recognised by
 * its bytes and decoded on the fly; anything unrecognised is written raw (sources/index.ts).
 */
export async function openImage(path: string, options: OpenOptions = {}): Promise<ImageSource> {
  return openSource(path, options);
}
