// Bounds on what a volume may be asked to hold. Real content (a Windows installer: ~1,000 files,
// 6 folders deep) stays far below each; hostile or broken trees hit a typed error instead of
// making the builder loop, recurse or allocate without end.

export const VOLUME_LIMITS = {
  /** Files and folders in the whole tree. */
  maxEntries: 1_000_000,
  /** Folder nesting below the root (Imprint's own reader follows 64 path components). */
  maxDepth: 64,
  /**
   * 32-byte entries in one FAT directory, "." and ".." and long-name entries included: the FAT
   * specification caps a directory at 65,536 entries (2 MiB), and fsck.fat enforces it.
   */
  maxDirectoryEntries: 65_536,
  /** Numeric tails tried for one short name (~1 … ~999999, the specification's range). */
  maxNumericTail: 999_999,
} as const;

/** The largest FAT32 file: DIR_FileSize is 32 bits. */
export const FAT32_MAX_FILE_SIZE = 0xffff_ffff;
