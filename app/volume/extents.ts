// The byte ranges of a virtual disk that must be written. A virtual disk reads zeros wherever it
// defines nothing, but writing a 2 TiB drive of zeros to clear it is neither needed nor fast:
// the drive only has to receive its new structures, its files and zeros over the places where
// old signatures could make an operating system keep seeing the previous content.

export type ExtentPurpose =
  /** MBR, GPT headers and entry arrays (primary and backup). */
  | 'partition-table'
  /** Boot region, FATs, allocation bitmap, up-case table, directories: the volume is only valid with all of them. */
  | 'file-system'
  /** The clusters holding files' content (slack to the cluster's end included). */
  | 'file-data'
  /** Zeros over where earlier content leaves signatures that blkid, wipefs and operating systems probe. */
  | 'stale-signatures';

export interface ByteRange {
  offset: number;
  length: number;
}

export interface WriteExtent extends ByteRange {
  /** Why this range is written; several when ranges of different purposes touched and were merged. */
  purposes: readonly ExtentPurpose[];
}

export function extent(offset: number, length: number, purpose: ExtentPurpose): WriteExtent {
  return { offset, length, purposes: [purpose] };
}

/** The same extents `by` bytes further (a volume's extents placed in a disk). */
export function shiftExtents(extents: readonly WriteExtent[], by: number): WriteExtent[] {
  return extents.map((e) => ({ ...e, offset: e.offset + by }));
}

/**
 * Sorted, clamped to [0, size), overlapping and touching ranges merged (fewer, larger writes),
 * purposes united in a fixed order so the result does not depend on the input's order.
 */
export function mergeExtents(extents: readonly WriteExtent[], size: number): WriteExtent[] {
  const clamped = extents
    .map((e) => {
      const start = Math.max(0, Math.min(size, e.offset));
      const end = Math.max(start, Math.min(size, e.offset + e.length));
      return { offset: start, length: end - start, purposes: e.purposes };
    })
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset);
  const merged: Array<{ offset: number; length: number; purposes: Set<ExtentPurpose> }> = [];
  for (const e of clamped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && e.offset <= last.offset + last.length) {
      last.length = Math.max(last.length, e.offset + e.length - last.offset);
      for (const p of e.purposes) last.purposes.add(p);
    } else {
      merged.push({ offset: e.offset, length: e.length, purposes: new Set(e.purposes) });
    }
  }
  return merged.map((e) => ({ offset: e.offset, length: e.length, purposes: PURPOSE_ORDER.filter((p) => e.purposes.has(p)) }));
}

const PURPOSE_ORDER: readonly ExtentPurpose[] = ['partition-table', 'file-system', 'file-data', 'stale-signatures'];

/** Total bytes the extents cover. */
export function extentBytes(extents: readonly ByteRange[]): number {
  return extents.reduce((sum, e) => sum + e.length, 0);
}
