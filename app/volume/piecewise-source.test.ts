// Pieces placed at offsets read like the bytes they stand for, zeros between them, whatever the
// read's offset and length; extents merge into few sorted ranges.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../inspect/byte-source.js';
import { extent, mergeExtents } from './extents.js';
import { bytesPiece, PiecewiseSource, sourcePiece, type Piece } from './piecewise-source.js';

describe('PiecewiseSource', () => {
  it('reads any range as the flat image it describes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gap: fc.nat(300), bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }), asSource: fc.boolean() }), { maxLength: 12 }),
        fc.nat(200),
        fc.array(fc.tuple(fc.nat(5000), fc.nat(3000)), { minLength: 1, maxLength: 20 }),
        async (parts, tail, reads) => {
          const pieces: Piece[] = [];
          const flat: number[] = [];
          for (const part of parts) {
            for (let i = 0; i < part.gap; i++) flat.push(0);
            pieces.push(part.asSource ? sourcePiece(flat.length, memorySource(part.bytes)) : bytesPiece(flat.length, part.bytes));
            flat.push(...part.bytes);
          }
          for (let i = 0; i < tail; i++) flat.push(0);
          const image = Uint8Array.from(flat);
          const source = new PiecewiseSource(image.length, pieces);
          for (const [offset, length] of reads) {
            const start = Math.min(offset, image.length);
            const expected = image.subarray(start, Math.min(image.length, start + length));
            expect([...(await source.read(offset, length))]).toEqual([...expected]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses pieces that overlap or run past the end (a layout bug, never input)', () => {
    expect(() => new PiecewiseSource(10, [bytesPiece(0, new Uint8Array(6)), bytesPiece(5, new Uint8Array(2))])).toThrow(RangeError);
    expect(() => new PiecewiseSource(10, [bytesPiece(8, new Uint8Array(3))])).toThrow(RangeError);
  });
});

describe('mergeExtents', () => {
  it('sorts, clamps and merges touching ranges, uniting their purposes', () => {
    expect(
      mergeExtents([extent(100, 50, 'file-data'), extent(0, 10, 'partition-table'), extent(5, 20, 'stale-signatures'), extent(25, 5, 'file-system'), extent(140, 1000, 'stale-signatures')], 160),
    ).toEqual([
      { offset: 0, length: 30, purposes: ['partition-table', 'file-system', 'stale-signatures'] },
      { offset: 100, length: 60, purposes: ['file-data', 'stale-signatures'] },
    ]);
  });
});
