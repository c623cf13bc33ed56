// What every file-system builder here produces: the volume's bytes as a random-access source
// and the ranges that must be written for it to be valid (see extents.ts).

import type { ByteSource } from '../inspect/byte-source.js';
import type { FileSystemKind } from './errors.js';
import type { ByteRange, WriteExtent } from './extents.js';

export interface Volume {
  readonly fileSystem: FileSystemKind;
  /** The MBR partition type for it: 0x0C FAT32 (LBA), 0x07 exFAT (shared with NTFS, as Windows writes). */
  readonly mbrType: number;
  /** `size` bytes; zeros wherever the file system defines nothing. */
  readonly source: ByteSource;
  /** Volume-relative, sorted, merged: the file system's structures and the files' clusters. */
  readonly extents: readonly WriteExtent[];
  /** Volume-relative, sorted: the file system's own structures alone (boot region, FATs, bitmap, directories…). */
  readonly structures: readonly ByteRange[];
}

/** Where a volume lies on its disk: its boot sector records it (BPB_HiddSec, exFAT PartitionOffset). */
export interface VolumePlacement {
  /** Volume size in bytes (whole 512-byte sectors). */
  size: number;
  /** The partition's first sector on the disk (0 for a volume without a partition table). */
  firstSector: number;
}
