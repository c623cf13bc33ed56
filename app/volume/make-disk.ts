// The disks Imprint makes, ready to write: a FAT32 disk holding a tree of files (a Windows
// installer stick), and an empty FAT32 or exFAT disk ("make this drive usable again").
// Identifiers (disk signature, GUIDs, volume serial) come from the seed: same input, same bytes.

import { GiB } from './bytes.js';
import { composeDisk, type VirtualDisk } from './disk.js';
import { buildExfat } from './exfat-volume.js';
import { buildFat32, FAT32_MAX_SIZE, fat32MinimumVolumeSize } from './fat32-volume.js';
import { diskSizeFor, planPartition, type PartitionScheme } from './partition-table.js';
import { deriveU32 } from './seed.js';
import type { VolumeEntry } from './tree.js';

interface CommonDiskOptions {
  diskSize: number;
  /** 'auto' (default): MBR up to 2 TiB, GPT above. */
  scheme?: PartitionScheme | 'auto';
  seed: string;
  label: string;
  /** What the MBR's and boot sector's code print on a PC started in BIOS mode. */
  bootMessage?: string;
}

export interface Fat32DiskOptions extends CommonDiskOptions {
  timestamp: Date;
  root: readonly VolumeEntry[];
  /** MBR only: mark the partition active. */
  active?: boolean;
}

/** FAT32 on the whole disk, or on its first 2 TiB (FAT32's limit) of a larger one. */
export function fat32Disk(options: Fat32DiskOptions): VirtualDisk {
  return composeDisk({
    ...options,
    maxPartitionSize: FAT32_MAX_SIZE,
    volume: (placement) =>
      buildFat32({ ...placement, label: options.label, serial: volumeSerial(options.seed), timestamp: options.timestamp, root: options.root, bootMessage: options.bootMessage }),
  });
}

export function exfatDisk(options: CommonDiskOptions): VirtualDisk {
  return composeDisk({
    ...options,
    volume: (placement) => buildExfat({ ...placement, label: options.label, serial: volumeSerial(options.seed), bootMessage: options.bootMessage }),
  });
}

export type RestoreFileSystem = 'fat32' | 'exfat';

/** As Windows formats removable drives: FAT32 for a partition up to 32 GiB, exFAT above. */
export function defaultRestoreFileSystem(diskSize: number): RestoreFileSystem {
  return planPartition(diskSize).size <= 32 * GiB ? 'fat32' : 'exfat';
}

export interface RestoreDiskOptions extends CommonDiskOptions {
  fileSystem?: RestoreFileSystem;
  /** FAT32's label entry carries a date. */
  timestamp: Date;
}

/** One partition over the whole drive with an empty file system. */
export function restoreDisk(options: RestoreDiskOptions): VirtualDisk {
  const fileSystem = options.fileSystem ?? defaultRestoreFileSystem(options.diskSize);
  return fileSystem === 'fat32' ? fat32Disk({ ...options, root: [] }) : exfatDisk(options);
}

/** The smallest disk (bytes) on which fat32Disk holds `root`: every larger disk holds it too (up to 2 TiB with MBR). */
export function fat32MinimumDiskSize(root: readonly VolumeEntry[], label = '', scheme: PartitionScheme = 'mbr'): number {
  return diskSizeFor(fat32MinimumVolumeSize(root, label), scheme);
}

export const volumeSerial = (seed: string): number => deriveU32(seed, 'volume serial');
