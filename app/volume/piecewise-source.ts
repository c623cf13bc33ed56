// A virtual image made of pieces: generated structures and windows of other sources placed at
// offsets, zeros everywhere else. Nothing is materialised up front: each read asks only the
// pieces it overlaps for the bytes it overlaps, so a 2 TiB disk costs the memory of its pieces' list.

import type { ByteSource } from '../inspect/byte-source.js';

export interface Piece {
  /** Where the piece starts in the image. */
  readonly offset: number;
  readonly length: number;
  /**
   * Writes the piece's bytes [from, from + out.length) into `out`, which arrives zero-filled
   * (a generator may leave zeros alone). `from + out.length` never exceeds `length`.
   */
  fill(out: Uint8Array, from: number): void | Promise<void>;
  /**
   * Optional fast path for a read that lies wholly inside this piece: the bytes without a copy
   * through `fill`, or null when this piece cannot answer that range directly.
   */
  read?(from: number, length: number): Promise<Uint8Array | null>;
}

/** Bytes given once (boot sectors, partition tables): cheap pieces of a few KiB. */
export function bytesPiece(offset: number, bytes: Uint8Array, length = bytes.length): Piece {
  return {
    offset,
    length,
    fill(out, from) {
      if (from < bytes.length) out.set(bytes.subarray(from, Math.min(bytes.length, from + out.length)));
    },
  };
}

/** Another source placed at `offset` (a volume inside a disk). */
export function sourcePiece(offset: number, source: ByteSource): Piece {
  return {
    offset,
    length: source.size,
    async fill(out, from) {
      out.set(await source.read(from, out.length));
    },
    read: (from, length) => source.read(from, length),
  };
}

export class PiecewiseSource implements ByteSource {
  readonly size: number;
  private readonly pieces: readonly Piece[];

  /** `pieces` must be sorted by offset and must not overlap; zero-length pieces are dropped. */
  constructor(size: number, pieces: readonly Piece[]) {
    this.size = size;
    const kept = pieces.filter((piece) => piece.length > 0);
    let end = 0;
    for (const piece of kept) {
      if (piece.offset < end || piece.offset + piece.length > size) {
        throw new RangeError(`a piece at ${piece.offset} (+${piece.length}) overlaps another or lies past ${size}`);
      }
      end = piece.offset + piece.length;
    }
    this.pieces = kept;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.min(this.size, start + Math.max(0, length));
    let index = this.firstEndingAfter(start);
    const first = this.pieces[index];
    if (first?.read !== undefined && first.offset <= start && end <= first.offset + first.length) {
      const bytes = await first.read(start - first.offset, end - start);
      if (bytes !== null && bytes.length === end - start) return bytes;
    }
    const out = new Uint8Array(end - start);
    for (; index < this.pieces.length; index++) {
      const piece = this.pieces[index];
      if (piece === undefined || piece.offset >= end) break;
      const from = Math.max(start, piece.offset);
      const to = Math.min(end, piece.offset + piece.length);
      if (to > from) await piece.fill(out.subarray(from - start, to - start), from - piece.offset);
    }
    return out;
  }

  /** Index of the first piece that ends after `offset` (binary search: pieces are sorted). */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const piece = this.pieces[mid];
      if (piece !== undefined && piece.offset + piece.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
