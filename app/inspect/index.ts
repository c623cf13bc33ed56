// Image inspection: the public surface for main (CLI, IPC) and the renderer.

export { CachingSource, extentSource, memorySource, sliceSource, type ByteSource, type Extent } from './byte-source.js';
export type { DirEntry, EntryKind, FileTree } from './file-tree.js';
export { listImageDirectory, openImageFile, openImageTree, withImagePath } from './image-files.js';
export {
  FILESYSTEM_ORDER,
  type BootSupport,
  type FilesystemName,
  type ImageInfo,
  type ImageWarning,
  type ImageWarningCode,
  type InspectMeta,
  type PartitionInfo,
} from './image-info.js';
export { inspectImage, isWindowsInstaller } from './inspect-image.js';
export { filesystemName, partitionTypeName } from './partition-types.js';
export { readElTorito, type ElTorito, type ElToritoEntry } from './el-torito.js';
