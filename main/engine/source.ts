// Image sources: what gets written. A source is read sequentially in passes (one to write, one to
// verify); decoders for compressed and container formats implement the same interface, with an
// exact size or an estimate marked as such. A source holds its file open from the checks to the
// last pass (sources/image-file.ts): every pass reads that one handle, never the path again.

import type { Algorithm } from './checksum.js';
import type { ImageFile } from './sources/image-file.js';
import { openSource, type OpenOptions } from './sources/index.js';

export interface SourceReader {
  /** Fills `into` from the current position; returns the bytes read (less than asked only at the end). */
  read(into: Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface ReaderOptions {
  /**
   * Given the image FILE's bytes (not the decoded ones) in order, each exactly once, as the pass
   * reads them; by the end of the pass, the whole file (bytes after a compressed stream's end
   * included). Only for sources that read the file sequentially; the view is valid during the call.
   */
  onFileBytes?: (bytes: Uint8Array) => void;
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
  /** The file the user named, open (and checked to be a regular file) for the life of the source. */
  readonly file: ImageFile;
  /**
   * True when a pass reads the file itself from byte 0 to its end, in order (raw; gzip, xz, zstd,
   * bzip2 and their nestings): then `onFileBytes` sees the whole file. False for containers read
   * out of order (zip, DMG, VHD, NRG, BIN/CUE): hash those with hashFile().
   */
  readonly readsFileSequentially: boolean;
  /** Starts a new sequential pass from byte 0. */
  openReader(options?: ReaderOptions): Promise<SourceReader>;
  /** E_IMAGE_CHANGED when a file the source reads (the image, a cue sheet's data file) changed since it was opened. */
  checkUnchanged(): Promise<void>;
  /** The checksum of the image file, read through the open handle. */
  hashFile(algorithm: Algorithm, signal?: AbortSignal): Promise<string>;
  /** Closes the files; the source cannot be read after. */
  close(): Promise<void>;
}

/**
 * Opens an image file as a source: the container (xz, zip, DMG, VHD, BIN/CUE, …) is recognised by
 * its bytes and decoded on the fly; anything unrecognised is written raw (sources/index.ts). The
 * caller closes it.
 */
export async function openImage(path: string, options: OpenOptions = {}): Promise<ImageSource> {
  return openSource(path, options);
}
