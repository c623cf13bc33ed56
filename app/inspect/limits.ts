// Bounds that keep a hostile image from making the parsers loop, recurse or allocate without end.
// Real images stay far below each of them.

export const LIMITS = {
  /** Largest single read a parser asks for (a directory, a partition array, a FAT window). */
  maxRead: 64 * 1024 * 1024,
  /** ISO 9660 volume descriptors scanned before giving up on a terminator. */
  maxVolumeDescriptors: 64,
  /** Entries in one directory (ISO, UDF or FAT). */
  maxDirectoryEntries: 100_000,
  /** Bytes of one directory's data. */
  maxDirectoryBytes: 32 * 1024 * 1024,
  /** Path components followed by find/list. */
  maxPathDepth: 64,
  /** Rock Ridge continuation areas followed for one record. */
  maxContinuations: 16,
  /** Extents of one file (ISO multi-extent records, UDF allocation descriptors, FAT cluster runs). */
  maxExtents: 1_000_000,
  /** El Torito catalog entries read. */
  maxBootCatalogEntries: 256,
  /** MBR logical partitions (extended partition chain links). */
  maxLogicalPartitions: 128,
  /** GPT partition entries read. */
  maxGptEntries: 1024,
  /** UDF volume descriptors read from one sequence, and sequence pointers followed. */
  maxUdfDescriptors: 256,
  /** Clusters followed in one FAT chain. */
  maxFatClusters: 4 * 1024 * 1024,
} as const;
