// bzip2, decoded one block at a time with unbzip2-stream's block decoder. Its stream wrapper decodes
// every block it has input for in one go, so a run of zeros (45 MB per 40-byte block) could fill
// memory; pulling block by block keeps at most one block's output (≤ 46 MB, usually 900 kB) in hand.

import bitIterator from 'unbzip2-stream/lib/bit_iterator.js';
import bzip2 from 'unbzip2-stream/lib/bzip2.js';
import type { ImprintError } from '../../../app/errors.js';
import type { SourceReader } from '../source.js';

/** Compressed input kept ahead of the decoder: more than the largest block (900 kB plus Huffman tables). */
const LOOKAHEAD = 2 * 1024 * 1024;
const INPUT_CHUNK = 1024 * 1024;

/**
 * The most one block can decode to: 900,000 symbols, each run of 4 equal bytes followed by a count
 * of up to 255 more (the initial run-length encoding), so 900,000 / 5 × 259 bytes.
 */
const MAX_BLOCK_OUTPUT = Math.ceil(900_000 / 5) * 259;

class Truncated extends Error {}

function growBlock(block: Buffer): Buffer {
  if (block.length >= MAX_BLOCK_OUTPUT) throw new Error('a block decodes to more than bzip2 allows');
  const grown = Buffer.allocUnsafe(Math.min(MAX_BLOCK_OUTPUT, Math.max(1024 * 1024, block.length * 2)));
  block.copy(grown);
  return grown;
}

export class Bzip2Reader implements SourceReader {
  private readonly queue: Buffer[] = [];
  private fed = 0;
  private innerDone = false;
  private bits: ReturnType<typeof bitIterator> | null = null;
  /** Block size digit of the current stream; 0 between streams (pbzip2 writes several). */
  private level = 0;
  private crc = 0;
  private scratch = new Int32Array(0);
  private out: Buffer = Buffer.alloc(0);
  /** Where a block is decoded to; reused, grown as blocks need (at most MAX_BLOCK_OUTPUT). */
  private block: Buffer = Buffer.alloc(0);
  private finished = false;

  constructor(
    private readonly inner: SourceReader,
    private readonly fail: (error: unknown) => ImprintError,
  ) {}

  private async fill(): Promise<void> {
    while (!this.innerDone && this.fed - (this.bits?.bytesRead ?? 0) < LOOKAHEAD) {
      const chunk = Buffer.allocUnsafe(INPUT_CHUNK);
      const n = await this.inner.read(chunk);
      if (n === 0) this.innerDone = true;
      else {
        this.queue.push(chunk.subarray(0, n));
        this.fed += n;
      }
    }
  }

  private step(): void {
    const bits = (this.bits ??= bitIterator(() => {
      const next = this.queue.shift();
      if (!next) throw new Truncated('the data ends in the middle of a block (truncated)');
      return next;
    }));
    if (this.level === 0) {
      this.level = bzip2.header(bits);
      this.crc = 0;
      if (this.scratch.length !== 100_000 * this.level) this.scratch = new Int32Array(100_000 * this.level);
      return;
    }
    // Straight into a byte buffer: a JavaScript array of 46 million numbers would cost 8 bytes each.
    let filled = 0;
    const crc = bzip2.decompress(
      bits,
      (b) => {
        if (filled === this.block.length) this.block = growBlock(this.block);
        this.block[filled++] = b;
      },
      this.scratch,
      this.scratch.length,
      this.crc,
    );
    if (crc === null) {
      this.level = 0;
      bits(null); // streams are byte-aligned after the end-of-stream marker
    } else {
      this.crc = crc;
      this.out = this.block.subarray(0, filled);
    }
  }

  async read(into: Buffer): Promise<number> {
    let filled = 0;
    while (filled < into.length) {
      if (this.out.length > 0) {
        const n = this.out.copy(into, filled);
        this.out = this.out.subarray(n);
        filled += n;
        continue;
      }
      if (this.finished) break;
      await this.fill();
      const remaining = this.fed - (this.bits?.bytesRead ?? 0);
      if (remaining <= 0 && this.innerDone && this.bits !== null) {
        if (this.level !== 0) throw this.fail(new Error('the data ends in the middle of a stream (truncated)'));
        this.finished = true;
        continue;
      }
      try {
        this.step();
      } catch (error) {
        throw this.fail(error);
      }
    }
    return filled;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
