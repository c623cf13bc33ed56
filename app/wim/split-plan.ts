// Which resources go into which part: wimlib's rule (src/split.c), so that a set made here has the
// same parts as `wimlib-imagex split` at the same size. Only resources count towards the part
// size (not the header, lookup table or XML data); the images' metadata all go into part 1; file
// data follows in file order, and a part is closed when the next resource would bring it to the
// part size or beyond — unless the part is still empty, so a resource larger than the part size
// gets a part of its own (a resource is never cut: the format has no way to continue one).

import type { WimFile } from './wim-file.js';

export interface PlannedPart {
  /** 1-based. */
  number: number;
  /** Lookup-table entries of the file data in this part, in file order. */
  blobs: number[];
  /** Stored bytes of its resources (metadata included for part 1). */
  resourceBytes: number;
}

export function planSplit(wim: WimFile, partSize: number): PlannedPart[] {
  const { table } = wim;
  let current: PlannedPart = { number: 1, blobs: [], resourceBytes: 0 };
  const parts = [current];
  for (const index of table.metadata) current.resourceBytes += table.sizeInWim[index] ?? 0;
  for (const index of table.blobs) {
    const size = table.sizeInWim[index] ?? 0;
    if (current.resourceBytes + size >= partSize && current.resourceBytes !== 0) {
      current = { number: parts.length + 1, blobs: [], resourceBytes: 0 };
      parts.push(current);
    }
    current.blobs.push(index);
    current.resourceBytes += size;
  }
  return parts;
}
