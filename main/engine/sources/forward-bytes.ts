// Random access to a compressed stream, for inspection: the stream is decoded front to back on
// demand. No codec here can resume from the middle, so going back used to mean decoding again
// from the start, and a hostile image whose structures alternate between near and far offsets
// (Rock Ridge continuation areas, issue 9) made inspection decode for 21 minutes. Now:
//   - pages the decoder passes are set aside (page-spill.ts: zero pages for free, others in a
//     temporary file up to SPILL_BYTES), so going back to any of them is one read;
//   - every byte the decoder produces counts against a budget of decoded bytes, restarts included;
//   - between pages the event loop gets a turn and the abort signal is checked.
// Forward decoding stops at `limit` (the inspection decode limit) and the budget at `budget`: both
// throw E_INSPECT_LIMIT, which inspection reports as a warning, not as damage.

import { ImprintError } from '../../../app/errors.js';
import type { ByteSource } from '../../../app/inspect/byte-source.js';
import type { ImageSource, SourceReader } from '../source.js';
import { readFull } from './file-io.js';
import { PageSpill } from './page-spill.js';

const PAGE = 1024 * 1024;
/** Pages kept in memory, for reads around the decoder's position. */
const RECENT_PAGES = 8;
/** Decoded bytes (other than zeros) set aside on disk, at most. */
const SPILL_BYTES = 256 * 1024 * 1024;

export interface ForwardBytesOptions {
  /** Decoded bytes, restarts included, after which reads fail with E_INSPECT_LIMIT (default: twice `limit`). */
  budget?: number;
  /** Aborts decoding between pages (E_CANCELLED). */
  signal?: AbortSignal;
  /** Bytes the spill may hold (tests make it small to force restarts). */
  spillBytes?: number;
}

const MiB = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** A stream decoded front to back on demand. */
export class ForwardBytes implements ByteSource {
  readonly size: number;
  /** Pages decoded, counting restarts (tests and the benchmark read it). */
  pagesDecoded = 0;
  /** Bytes decoded, counting restarts: what the budget is charged. */
  bytesDecoded = 0;
  /** Times decoding started over from the beginning. */
  restarts = 0;
  private readonly budget: number;
  private readonly signal: AbortSignal | undefined;
  private readonly recent = new Map<number, Buffer>();
  private readonly spill: PageSpill;
  private reader: SourceReader | null = null;
  private nextPage = 0;
  private endPage = Infinity;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: ImageSource,
    private readonly limit: number,
    options: ForwardBytesOptions = {},
  ) {
    this.size = source.size;
    this.budget = options.budget ?? 2 * limit;
    this.signal = options.signal;
    this.spill = new PageSpill(options.spillBytes ?? SPILL_BYTES);
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
      const from = Math.max(offset, index * PAGE) - index * PAGE;
      const to = Math.min(end - index * PAGE, PAGE);
      const piece = await this.range(index, from, to);
      if (piece.length === 0) break;
      out.set(piece, index * PAGE + from - offset);
      filled = index * PAGE + from + piece.length - offset;
      if (piece.length < to - from) break;
    }
    return filled === out.length ? out : out.subarray(0, filled);
  }

  /** Bytes [from, to) of a page: from memory, from the spill, or decoded. Shorter only at the end. */
  private async range(index: number, from: number, to: number): Promise<Buffer> {
    const cached = this.recent.get(index);
    if (cached) return cached.subarray(Math.min(from, cached.length), Math.min(to, cached.length));
    if (index < this.nextPage || index >= this.endPage) {
      const spilled = await this.spill.read(index, from, to);
      if (spilled) return spilled;
    }
    const page = await this.page(index);
    return page.subarray(Math.min(from, page.length), Math.min(to, page.length));
  }

  private async page(index: number): Promise<Buffer> {
    if (index >= this.endPage) return Buffer.alloc(0);
    if ((index + 1) * PAGE > this.limit) {
      throw new ImprintError('E_INSPECT_LIMIT', {
        path: this.source.path,
        detail: `bytes past the first ${MiB(this.limit)} of the decoded ${this.source.container} image are not decoded for inspection`,
      });
    }
    if (this.reader === null || index < this.nextPage) await this.restart();
    for (;;) {
      // A decoder that has its input in hand (a bzip2 or zstd bomb) resolves on microtasks alone:
      // without a turn of the event loop between pages, no signal handler, timer or window event
      // would run until the whole decode is over.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const reader = this.reader;
      if (reader === null) return Buffer.alloc(0);
      if (this.signal?.aborted === true) throw new ImprintError('E_CANCELLED', { detail: 'the image was not fully inspected' });
      if (this.bytesDecoded + PAGE > this.budget) {
        throw new ImprintError('E_INSPECT_LIMIT', {
          path: this.source.path,
          detail: `inspection stopped after decoding ${MiB(this.bytesDecoded)} of the ${this.source.container} stream: its structures keep sending it back to the start`,
        });
      }
      const buffer = Buffer.alloc(PAGE);
      const n = await readFull(reader, buffer);
      const page = buffer.subarray(0, n);
      const current = this.nextPage++;
      this.pagesDecoded++;
      this.bytesDecoded += n;
      await this.remember(current, page);
      if (n < PAGE) {
        this.endPage = current + 1;
        await this.closeReader();
      }
      if (current === index) return page;
      if (n < PAGE) return Buffer.alloc(0);
    }
  }

  private async remember(index: number, page: Buffer): Promise<void> {
    this.recent.delete(index);
    this.recent.set(index, page);
    while (this.recent.size > RECENT_PAGES) {
      const oldest = this.recent.entries().next();
      if (oldest.done === true) break;
      const [old, bytes] = oldest.value;
      this.recent.delete(old);
      await this.spill.put(old, bytes);
    }
  }

  private async restart(): Promise<void> {
    await this.closeReader();
    if (this.nextPage > 0) this.restarts++;
    this.reader = await this.source.openReader();
    this.nextPage = 0;
  }

  private async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader) await reader.close();
  }

  async close(): Promise<void> {
    await this.closeReader();
    await this.spill.close();
  }
}
