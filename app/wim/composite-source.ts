// A virtual file made of pieces: bytes generated here (a part's header and lookup table) and
// ranges of another source (the resources, byte for byte). Nothing is copied until read, and a
// read that falls inside one range is passed straight through (the common case: large reads of
// file data), so reading a split part costs what reading the WIM costs.

import { corrupt } from '../inspect/binary.js';
import type { ByteSource } from '../inspect/byte-source.js';

export type Piece = { bytes: Uint8Array } | { offset: number; length: number };

export class CompositeSource implements ByteSource {
  readonly size: number;
  private readonly pieces: Piece[] = [];
  private readonly starts: number[] = [];

  /** `what` names the inner source in the error a short read gets (it changed or was truncated). */
  constructor(
    private readonly inner: ByteSource,
    pieces: readonly Piece[],
    private readonly what: string,
  ) {
    let size = 0;
    for (const piece of pieces) {
      const length = 'bytes' in piece ? piece.bytes.length : piece.length;
      if (length === 0) continue;
      const last = this.pieces[this.pieces.length - 1];
      // Ranges that follow each other in the inner source become one: fewer, larger reads.
      if (last !== undefined && !('bytes' in last) && !('bytes' in piece) && last.offset + last.length === piece.offset) {
        this.pieces[this.pieces.length - 1] = { offset: last.offset, length: last.length + length };
      } else {
        this.pieces.push(piece);
        this.starts.push(size);
      }
      size += length;
    }
    this.size = size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, start + Math.max(0, length));
    if (start >= end) return new Uint8Array(0);
    let index = this.pieceAt(start);
    const first = this.pieces[index];
    const firstStart = this.starts[index] ?? 0;
    if (first !== undefined && end <= firstStart + this.lengthOf(first)) return this.readPiece(first, start - firstStart, end - start);
    const out = new Uint8Array(end - start);
    for (let position = start; position < end; index++) {
      const piece = this.pieces[index];
      const pieceStart = this.starts[index];
      if (piece === undefined || pieceStart === undefined) break;
      const within = position - pieceStart;
      const take = Math.min(this.lengthOf(piece) - within, end - position);
      out.set(await this.readPiece(piece, within, take), position - start);
      position += take;
    }
    return out;
  }

  private lengthOf(piece: Piece): number {
    return 'bytes' in piece ? piece.bytes.length : piece.length;
  }

  private async readPiece(piece: Piece, within: number, length: number): Promise<Uint8Array> {
    if ('bytes' in piece) return piece.bytes.subarray(within, within + length);
    const bytes = await this.inner.read(piece.offset + within, length);
    if (bytes.length < length) throw corrupt(`${this.what} ended before the end of its resources (was it changed or truncated?)`);
    return bytes.length === length ? bytes : bytes.subarray(0, length);
  }

  /** The last piece starting at or before `offset`. */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }
}
