// An image inside one or more compressed layers (gzip, xz, zstd, bzip2, a zip entry's deflate):
// each pass opens the bottom reader afresh and stacks the decoders on it. When the size is exact,
// a stream that delivers fewer or more bytes than announced is reported as damaged.

import type { ImprintError } from '../../../app/errors.js';
import type { ImageSource, SourceReader } from '../source.js';
import { corruptImage, openFile, readAt } from './file-io.js';
import type { ImageBytes } from './random-access.js';
import { openDecoder, type CodecName } from './stream-decoders.js';

export interface LayeredSourceInit {
  path: string;
  /** Names the layers outermost first, e.g. "xz" or "zip+gzip". */
  container: string;
  layers: readonly CodecName[];
  size: number;
  sizeIsEstimate: boolean;
  minSize?: number;
  /** Opens the bytes below the first decoder (the file, or a zip entry's range). */
  openBottom(): Promise<SourceReader>;
  /** Where the bytes lie in the file when there is no layer to decode (a stored zip entry). */
  direct?: { start: number };
  /** A per-pass check fed every decoded byte and asked at the end (a zip entry's CRC-32). */
  newCheck?: () => PassCheck;
}

export interface PassCheck {
  observe(bytes: Buffer): void;
  end(): ImprintError | null;
}

export class LayeredSource implements ImageSource {
  readonly path: string;
  readonly container: string;
  readonly size: number;
  readonly sizeIsEstimate: boolean;
  readonly minSize?: number;

  constructor(private readonly init: LayeredSourceInit) {
    this.path = init.path;
    this.container = init.container;
    this.size = init.size;
    this.sizeIsEstimate = init.sizeIsEstimate;
    if (init.minSize !== undefined) this.minSize = init.minSize;
  }

  /** The decoded stream, without the size check (used while probing what lies inside). */
  async openDecoded(): Promise<SourceReader> {
    let reader = await this.init.openBottom();
    for (const layer of this.init.layers) reader = openDecoder(layer, reader, this.path);
    return reader;
  }

  /** Random access when nothing needs decoding; null otherwise. */
  async openDirect(): Promise<ImageBytes | null> {
    const direct = this.init.direct;
    if (!direct || this.init.layers.length > 0) return null;
    const handle = await openFile(this.path);
    const { size } = this;
    return {
      size,
      async read(offset, length) {
        const end = Math.min(size, offset + Math.max(0, length));
        return offset >= end ? new Uint8Array(0) : readAt(handle, direct.start + offset, end - offset);
      },
      close: () => handle.close(),
    };
  }

  async openReader(): Promise<SourceReader> {
    return new CheckedReader(await this.openDecoded(), this, this.init.newCheck?.() ?? null);
  }
}

class CheckedReader implements SourceReader {
  private delivered = 0;
  private finished = false;

  constructor(
    private readonly inner: SourceReader,
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
    if (n === 0 && !sizeIsEstimate && this.delivered < size) {
      throw corruptImage(path, container, `it ends after ${this.delivered} of the ${size} bytes it announces (truncated)`);
    }
    // The write pass stops at its first short read, so an exact-size stream is finished as its last
    // byte arrives: the decoders still get to read their trailers (CRCs, index), which is where
    // damage near the end shows.
    if (n === 0 || (!sizeIsEstimate && this.delivered === size)) {
      this.finished = true;
      if (n > 0 && (await this.inner.read(Buffer.alloc(64 * 1024))) > 0) {
        throw corruptImage(path, container, `it decodes to more than the ${size} bytes it announces`);
      }
      const error = this.check?.end() ?? null;
      if (error) throw error;
    }
    return n;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
