// Mutations of real fixture images for the inspection fuzzer, as plain data: a failing case is
// saved as { fixture, mutations } (app/inspect/regressions/*.json) and replayed by applying the
// same mutations to the same rebuilt fixture. Applied as an overlay, so a 64 MiB image is never copied.

import type { ByteSource } from '../app/inspect/byte-source.js';

export type Mutation =
  /** Overwrite bytes at an offset. */
  | { kind: 'write'; offset: number; bytes: number[] }
  /** Write a 32-bit little-endian value (counts, lengths, block numbers). */
  | { kind: 'u32'; offset: number; value: number }
  /** Copy `length` bytes from `from` to `to` (duplicated sectors make loops and aliases). */
  | { kind: 'splice'; from: number; to: number; length: number }
  /** Cut the image at `size` bytes. */
  | { kind: 'truncate'; size: number };

export interface FuzzCase {
  /** Why a hand-kept case is there (fuzzer-saved cases have none). */
  note?: string;
  fixture: string;
  mutations: Mutation[];
}

interface Patch {
  offset: number;
  bytes: Uint8Array;
}

/** The base image with the mutations applied in order, read lazily. */
export function mutatedSource(base: Uint8Array, mutations: readonly Mutation[]): ByteSource {
  let size = base.length;
  const patches: Patch[] = [];
  const readAt = (offset: number, length: number): Uint8Array => {
    const end = Math.min(size, offset + length);
    const out = new Uint8Array(Math.max(0, end - offset));
    if (out.length === 0) return out;
    out.set(base.subarray(offset, Math.min(end, base.length)));
    for (const patch of patches) {
      const from = Math.max(offset, patch.offset);
      const to = Math.min(end, patch.offset + patch.bytes.length);
      if (from < to) out.set(patch.bytes.subarray(from - patch.offset, to - patch.offset), from - offset);
    }
    return out;
  };
  for (const mutation of mutations) {
    switch (mutation.kind) {
      case 'write':
        patches.push({ offset: mutation.offset, bytes: Uint8Array.from(mutation.bytes) });
        break;
      case 'u32': {
        const bytes = new Uint8Array(4);
        new DataView(bytes.buffer).setUint32(0, mutation.value >>> 0, true);
        patches.push({ offset: mutation.offset, bytes });
        break;
      }
      case 'splice':
        patches.push({ offset: mutation.to, bytes: readAt(mutation.from, mutation.length) });
        break;
      case 'truncate':
        size = Math.min(size, Math.max(0, mutation.size));
        break;
    }
  }
  return {
    size,
    read: (offset, length) => Promise.resolve(readAt(Math.max(0, offset), Math.max(0, length))),
  };
}
