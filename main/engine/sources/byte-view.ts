// Random access to the DECODED image, for inspection: `imprint inspect image.img.xz` looks at the
// disk inside. Raw files are read directly; VHD, DMG, BIN/CUE, NRG and stored zip entries map
// offsets; compressed streams decode forward into a bounded page cache and start over from the
// beginning when asked for bytes before what the cache still holds. Forward decoding stops at
// INSPECT_DECODE_LIMIT: a read beyond it throws E_INSPECT_LIMIT, which the inspector reports as
// a warning (e.g. a GPT backup header at the end of a 30 GB image).

import { ImprintError } from '../../../app/errors.js';
import type { ByteSource } from '../../../app/inspect/byte-source.js';
import { FileByteSource } from '../file-byte-source.js';
import { openImage, type ImageSource, type SourceReader } from '../source.js';
import { readFull } from './file-io.js';
import { LayeredSource } from './layered-source.js';
import { RandomAccessSource } from './random-access.js';

/** Decoded bytes a compressed image is decoded into, at most, for inspection. */
export const INSPECT_DECODE_LIMIT = 1024 * 1024 * 1024;
const PAGE = 1024 * 1024;
/** Pages kept (64 MiB): enough for a file system's metadata near its start without restarts. */
const MAX_PAGES = 64;

export interface ImageView {
  source: ImageSource;
  bytes: ByteSource;
  close(): Promise<void>;
}

export async function openImageBytes(path: string, limit = INSPECT_DECODE_LIMIT): Promise<ImageView> {
  // A truncated raw download is reported by inspection (TRUNCATED), not refused as it is for writing.
  const source = await openImage(path, { checkIntact: false });
  if (source instanceof RandomAccessSource) {
    const bytes = await source.openBytes();
    return { source, bytes, close: () => bytes.close() };
  }
  if (source instanceof LayeredSource) {
    const direct = await source.openDirect();
    if (direct) return { source, bytes: direct, close: () => direct.close() };
    const bytes = new ForwardBytes(source, limit);
    return { source, bytes, close: () => bytes.close() };
  }
  const bytes = await FileByteSource.open(path);
  return { source, bytes, close: () => bytes.close() };
}

/** A stream decoded front to back on demand, with an LRU of decoded pages. */
export class ForwardBytes implements ByteSource {
  readonly size: number;
  /** Pages decoded, counting restarts (tests and the benchmark read it). */
  pagesDecoded = 0;
  private readonly pages = new Map<number, Buffer>();
  private reader: SourceReader | null = null;
  private nextPage = 0;
  private endPage = Infinity;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: ImageSource,
    private readonly limit: number,
  ) {
    this.size = source.size;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    // One decoder, one position: reads are served one after another.
    const result = this.queue.then(() => this.readNow(offset, length));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readNow(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + Math.max(0, length));
    if (offset < 0 || offset >= end) return new Uint8Array(0);
    const out = new Uint8Array(end - offset);
    let filled = 0;
    for (let index = Math.floor(offset / PAGE); index * PAGE < end; index++) {
      const page = await this.page(index);
      const from = Math.max(offset, index * PAGE) - index * PAGE;
      const to = Math.min(end - index * PAGE, page.length);
      if (to <= from) break;
      out.set(page.subarray(from, to), index * PAGE + from - offset);
      filled = index * PAGE + to - offset;
      if (page.length < PAGE) break;
    }
    return filled === out.length ? out : out.subarray(0, filled);
  }

  private async page(index: number): Promise<Buffer> {
    const cached = this.pages.get(index);
    if (cached) {
      this.pages.delete(index);
      this.pages.set(index, cached);
      return cached;
    }
    if (index >= this.endPage) return Buffer.alloc(0);
    if ((index + 1) * PAGE > this.limit) {
      throw new ImprintError('E_INSPECT_LIMIT', {
        path: this.source.path,
        detail: `bytes past the first ${Math.round(this.limit / 1024 / 1024)} MiB of the decoded ${this.source.container} image are not decoded for inspection`,
      });
    }
    if (this.reader === null || index < this.nextPage) await this.restart();
    for (;;) {
      const reader = this.reader;
      if (reader === null) return Buffer.alloc(0);
      const buffer = Buffer.alloc(PAGE);
      const n = await readFull(reader, buffer);
      const page = buffer.subarray(0, n);
      const current = this.nextPage++;
      this.pagesDecoded++;
      this.remember(current, page);
      if (n < PAGE) {
        this.endPage = current + 1;
        await this.closeReader();
      }
      if (current === index) return page;
      if (n < PAGE) return Buffer.alloc(0);
    }
  }

  private remember(index: number, page: Buffer): void {
    this.pages.set(index, page);
    while (this.pages.size > MAX_PAGES) {
      const oldest = this.pages.keys().next();
      if (oldest.done === true) break;
      this.pages.delete(oldest.value);
    }
  }

  private async restart(): Promise<void> {
    await this.closeReader();
    this.reader = await this.source.openReader();
    this.nextPage = 0;
  }

  private async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader) await reader.close();
  }

  close(): Promise<void> {
    return this.closeReader();
  }
}
