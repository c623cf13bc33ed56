// An image inside one or more compressed layers (gzip, xz, zstd, bzip2, a zip entry's deflate):
// each pass starts a new bottom reader on the open file and stacks the decoders on it. When the
// size is exact, a stream that delivers fewer or more bytes than announced is reported as damaged.

import { ImprintError } from '../../../app/errors.js';
import type { ImageSource, ReaderOptions, SourceReader } from '../source.js';
import { corruptImage, type FileRangeReader } from './file-io.js';
import { HeldFileSource, type ImageFile } from './image-file.js';
import type { ImageBytes } from './random-access.js';
import { openDecoder, type CodecName } from './stream-decoders.js';

export interface LayeredSourceInit {
  file: ImageFile;
  /** Names the layers outermost first, e.g. "xz" or "zip+gzip". */
  container: string;
  layers: readonly CodecName[];
  size: number;
  sizeIsEstimate: boolean;
  minSize?: number;
  /** A reader of the bytes below the first decoder (the file, or a zip entry's range), handing each to `onBytes`. */
  openBottom(onBytes?: (bytes: Uint8Array) => void): FileRangeReader;
  /** The bottom reader covers the whole file from byte 0 (not a zip entry's range). */
  wholeFile?: boolean;
  /** Where the bytes lie in the file when there is no layer to decode (a stored zip entry). */
  direct?: { start: number };
  /** A per-pass check fed every decoded byte and asked at the end (a zip entry's CRC-32). */
  newCheck?: () => PassCheck;
}

export interface PassCheck {
  observe(bytes: Buffer): void;
  end(): ImprintError | null;
}

export class LayeredSource extends HeldFileSource implements ImageSource {
  readonly container: string;
  readonly size: number;
  readonly sizeIsEstimate: boolean;
  readonly minSize?: number;
  readonly readsFileSequentially: boolean;

  constructor(private readonly init: LayeredSourceInit) {
    super(init.file);
    this.container = init.container;
    this.size = init.size;
    this.sizeIsEstimate = init.sizeIsEstimate;
    if (init.minSize !== undefined) this.minSize = init.minSize;
    this.readsFileSequentially = init.wholeFile === true;
  }

  /** The decoded stream, without the size check (used while probing what lies inside). */
  openDecoded(): Promise<SourceReader> {
    return Promise.resolve(this.stack().top);
  }

  private stack(onBytes?: (bytes: Uint8Array) => void): { top: SourceReader; bottom: FileRangeReader } {
    const bottom = this.init.openBottom(onBytes);
    let top: SourceReader = bottom;
    for (const layer of this.init.layers) top = openDecoder(layer, top, this.path);
    return { top, bottom };
  }

  /** Random access when nothing needs decoding; null otherwise. */
  openDirect(): Promise<ImageBytes | null> {
    const direct = this.init.direct;
    if (!direct || this.init.layers.length > 0) return Promise.resolve(null);
    const { file, size } = this;
    return Promise.resolve({
      size,
      async read(offset: number, length: number) {
        const end = Math.min(size, offset + Math.max(0, length));
        return offset >= end ? new Uint8Array(0) : file.readAt(direct.start + offset, end - offset);
      },
      close: () => Promise.resolve(),
    });
  }

  openReader(options: ReaderOptions = {}): Promise<SourceReader> {
    if (options.onFileBytes && !this.readsFileSequentially) {
      return Promise.reject(new ImprintError('E_INTERNAL', { detail: `a ${this.container} image is not read front to back: hash it with hashFile()` }));
    }
    const { top, bottom } = this.stack(options.onFileBytes);
    return Promise.resolve(new CheckedReader(top, bottom, this, this.init.newCheck?.() ?? null));
  }
}

class CheckedReader implements SourceReader {
  private delivered = 0;
  private finished = false;

  constructor(
    private readonly inner: SourceReader,
    private readonly bottom: FileRangeReader,
    private readonly source: LayeredSource,
    private readonly check: PassCheck | null,
  ) {}

  async read(into: Buffer): Promise<number> {
    if (this.finished) return 0;
    const { size, sizeIsEstimate, path, container } = this.source;
    const n = await this.inner.read(into);
    this.delivered += n;
    if (n > 0) this.check?.observe(into.subarray(0, n));
    if (!sizeIsEstimate && this.delivered > size) {
      throw corruptImage(path, container, `it decodes to more than the ${size} bytes it announces`);
    }
    // The write pass stops at its first short read (a reader's end), so the stream is finished then,
    // or as an exact size's last byte arrives: the decoders still get to read their trailers (CRCs,
    // index), which is where damage near the end shows.
    if (n < into.length || (!sizeIsEstimate && this.delivered === size)) {
      this.finished = true;
      if (n === into.length && (await this.inner.read(Buffer.alloc(64 * 1024))) > 0) {
        throw corruptImage(path, container, `it decodes to more than the ${size} bytes it announces`);
      }
      if (!sizeIsEstimate && this.delivered < size) {
        throw corruptImage(path, container, `it ends after ${this.delivered} of the ${size} bytes it announces (truncated)`);
      }
      // What follows the stream's end in the file (padding, trailing bytes) is still part of it.
      await this.bottom.drain();
      const error = this.check?.end() ?? null;
      if (error) throw error;
    }
    return n;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
