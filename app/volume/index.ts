// Imprint's own file-system and partition-table writers, as deterministic virtual disks:
// build a disk, write `extents` of its `source` to the drive, verify the same ranges.

export { bootStub, NOT_BOOTABLE_MESSAGE, UEFI_ONLY_MESSAGE } from './boot-code.js';
export { composeDisk, STALE_ZONES, type DiskOptions, type VirtualDisk } from './disk.js';
export { VolumeError, type FileSystemKind, type VolumeProblem } from './errors.js';
export { extentBytes, mergeExtents, type ByteRange, type ExtentPurpose, type WriteExtent } from './extents.js';
export { buildExfat, exfatClusterBytes, exfatGeometry, exfatLabel, exfatMinimumSize, EXFAT_MAX_SIZE, type ExfatGeometry, type ExfatOptions, type ExfatVolume } from './exfat-volume.js';
export { fatLabel, toFatLabel } from './fat-names.js';
export { fat32ClusterBytes, fat32Geometry, FAT32_MAX_SIZE, type Fat32Geometry } from './fat32-geometry.js';
export { buildFat32, fat32MinimumVolumeSize, type Fat32Options, type Fat32Volume } from './fat32-volume.js';
export { FAT32_MAX_FILE_SIZE, VOLUME_LIMITS } from './limits.js';
export {
  defaultRestoreFileSystem,
  exfatDisk,
  fat32Disk,
  fat32MinimumDiskSize,
  restoreDisk,
  volumeSerial,
  type Fat32DiskOptions,
  type RestoreDiskOptions,
  type RestoreFileSystem,
} from './make-disk.js';
export { BASIC_DATA_GUID, diskSizeFor, MBR_MAX_DISK, PARTITION_START, planPartition, type PartitionPlan, type PartitionScheme } from './partition-table.js';
export { PiecewiseSource, type Piece } from './piecewise-source.js';
export { deriveGuid, deriveU32, guidText } from './seed.js';
export type { VolumeEntry, VolumeFile, VolumeFolder } from './tree.js';
export type { Volume, VolumePlacement } from './volume.js';
