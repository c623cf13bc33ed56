// Streaming decoders for gzip (Node's zlib), xz (node-liblzma: liblzma itself), zstd (zstd-napi:
// the reference C library) and bzip2 (unbzip2-stream's pure-JS block decoder, bzip2-reader.ts). Each is a SourceReader over another
// SourceReader, so layers nest (a gzip inside an xz) and memory stays bounded: input is pulled one
// chunk at a time and output is handed on without being collected.

import { Readable, pipeline, type Transform } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { createUnxz } from 'node-liblzma';
import { DCtx } from 'zstd-napi/binding';
import { isImprintError, type ImprintError } from '../../../app/errors.js';
import type { SourceReader } from '../source.js';
import { Bzip2Reader } from './bzip2-reader.js';
import { corruptImage, unsupportedImage } from './file-io.js';
import { guardXz, XzFramingError } from './xz-framing.js';

export type CodecName = 'gzip' | 'xz' | 'bzip2' | 'zstd' | 'deflate';

/** Compressed bytes pulled from the layer below at a time. */
const INPUT_CHUNK = 1024 * 1024;

async function* pull(inner: SourceReader): AsyncGenerator<Buffer> {
  for (;;) {
    const chunk = Buffer.allocUnsafe(INPUT_CHUNK);
    const n = await inner.read(chunk);
    if (n === 0) return;
    yield chunk.subarray(0, n);
  }
}

/** A Node stream decoder driven by pull: read() takes what the decoder has produced, feeding it on demand. */
class StreamCodecReader implements SourceReader {
  private readonly input: Readable;
  private readonly output: Readable;
  private readonly iterator: AsyncIterator<unknown>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(
    private readonly inner: SourceReader,
    codec: Transform,
    private readonly fail: (error: unknown) => ImprintError,
  ) {
    this.input = Readable.from(pull(inner), { objectMode: false, highWaterMark: INPUT_CHUNK });
    this.output = pipeline(this.input, codec, () => undefined);
    this.iterator = this.output[Symbol.asyncIterator]();
  }

  async read(into: Buffer): Promise<number> {
    let filled = 0;
    while (filled < into.length) {
      if (this.pending.length === 0) {
        if (this.ended) break;
        let next: IteratorResult<unknown>;
        try {
          next = await this.iterator.next();
        } catch (error) {
          throw this.fail(error);
        }
        if (next.done === true) {
          this.ended = true;
          break;
        }
        this.pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
        continue;
      }
      const n = this.pending.copy(into, filled, 0, Math.min(this.pending.length, into.length - filled));
      this.pending = this.pending.subarray(n);
      filled += n;
    }
    return filled;
  }

  async close(): Promise<void> {
    this.output.destroy();
    this.input.destroy();
    await this.inner.close();
  }
}

/**
 * zstd through the C library's streaming API (ZSTD_decompressStream), decoding straight into the
 * caller's buffer: no intermediate copies, which keeps it close to `zstd -dc`.
 */
class ZstdReader implements SourceReader {
  private readonly dctx = new DCtx();
  private input: Buffer = Buffer.alloc(0);
  private innerDone = false;
  /** ZSTD_decompressStream's return: 0 exactly when a frame is complete and flushed. */
  private frameState = 0;
  private sawInput = false;

  constructor(
    private readonly inner: SourceReader,
    private readonly fail: (error: unknown) => ImprintError,
  ) {}

  async read(into: Buffer): Promise<number> {
    let filled = 0;
    while (filled < into.length) {
      if (this.input.length === 0 && !this.innerDone) {
        const chunk = Buffer.allocUnsafe(INPUT_CHUNK);
        const n = await this.inner.read(chunk);
        if (n === 0) this.innerDone = true;
        else {
          this.input = chunk.subarray(0, n);
          this.sawInput = true;
        }
        continue;
      }
      let produced: number;
      let consumed: number;
      try {
        let state: number;
        [state, produced, consumed] = this.dctx.decompressStream(into.subarray(filled), this.input);
        // Called with nothing to do, it returns the next frame header's size: not a frame in progress.
        if (produced > 0 || consumed > 0) this.frameState = state;
      } catch (error) {
        throw this.fail(error);
      }
      filled += produced;
      this.input = this.input.subarray(consumed);
      // Input exhausted and nothing more flushed: the stream is over (complete or cut short).
      if (this.innerDone && this.input.length === 0 && produced === 0) break;
    }
    if (filled === 0 && this.innerDone && (this.frameState !== 0 || !this.sawInput)) {
      throw this.fail(new Error(this.sawInput ? 'the data ends in the middle of a frame (truncated)' : 'no data'));
    }
    return filled;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Codec messages are terse and lower-case ("unexpected end of file"); keep them, trimmed.
  return text.replace(/\s+/g, ' ').trim() || 'the data cannot be decoded';
}

/** A decoder for one compressed layer; `path` and `format` name it in errors. */
export function openDecoder(codec: CodecName, inner: SourceReader, path: string): SourceReader {
  const fail = (error: unknown): ImprintError => {
    if (isImprintError(error)) return error;
    if (error instanceof XzFramingError && error.tooLarge) {
      return unsupportedImage(path, `xz: ${error.message}; decompress it first ("xz -dc" into an image file) and write that`);
    }
    return corruptImage(path, codec, messageOf(error));
  };
  switch (codec) {
    case 'zstd':
      return new ZstdReader(inner, fail);
    case 'gzip':
      return new StreamCodecReader(inner, createGunzip({ chunkSize: 1024 * 1024 }), fail);
    case 'deflate':
      return new StreamCodecReader(inner, createInflateRaw({ chunkSize: 1024 * 1024 }), fail);
    case 'xz':
      // 1 MiB output buffers: the default (BUFSIZ) costs a third more time per byte (measured).
      // The framing is followed below the decoder: the binding sets no memory limit (xz-framing.ts).
      return new StreamCodecReader(guardXz(inner), createUnxz({ chunkSize: 1024 * 1024 }) as Transform, fail);
    case 'bzip2':
      return new Bzip2Reader(inner, fail);
  }
}
