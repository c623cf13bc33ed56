// What file system starts at the beginning of a volume (a partition, or the whole image when it
// has no partition table), its label, and — for FAT — whether UEFI firmware finds a loader on it.

import { latin1, u16le, u32le } from './binary.js';
import { readIfPresent, type ByteSource } from './byte-source.js';
import { parseFatBootSector, otherBootSectorFs, type FatVolume } from './fat.js';
import { fatFileTree, fatRootLabel } from './fat-tree.js';
import type { FilesystemName } from './image-info.js';
import { hasIsoSignature, readIsoVolume } from './iso9660.js';

export interface VolumeProbe {
  filesystem: FilesystemName | null;
  label: string;
  fat: FatVolume | null;
  /** Files in \EFI\BOOT named BOOT*.EFI (the removable-media fallback path, UEFI spec §3.5.1.1). */
  efiLoaders: string[];
  /** Bytes the file system says it spans. */
  claimedBytes: number | null;
}

const EMPTY: VolumeProbe = { filesystem: null, label: '', fat: null, efiLoaders: [], claimedBytes: null };

export async function probeVolume(source: ByteSource): Promise<VolumeProbe> {
  const head = await readIfPresent(source, 0, 512);
  if (head !== null) {
    const fat = parseFatBootSector(head);
    if (fat !== null) return probeFat(source, fat);
    const other = otherBootSectorFs(head);
    if (other !== null) return { ...EMPTY, filesystem: other };
  }
  const ext = await probeExt(source);
  if (ext !== null) return ext;
  if (await hasIsoSignature(source)) {
    const iso = await readIsoVolume(source);
    return { ...EMPTY, filesystem: 'iso9660', label: iso?.label ?? '' };
  }
  return EMPTY;
}

async function probeFat(source: ByteSource, fat: FatVolume): Promise<VolumeProbe> {
  const tree = fatFileTree(source, fat);
  const bootDir = (await tree.list('EFI/BOOT')) ?? [];
  const efiLoaders = bootDir
    .filter((entry) => entry.kind === 'file' && /^boot.*\.efi$/i.test(entry.name))
    .map((entry) => entry.name);
  const rootLabel = await fatRootLabel(source, fat);
  return {
    filesystem: 'fat',
    label: rootLabel ?? fat.label,
    fat,
    efiLoaders,
    claimedBytes: fat.totalSectors * fat.bytesPerSector,
  };
}

/** ext2/3/4 superblock at 1024: magic 0xEF53 at 56 (s_magic). */
async function probeExt(source: ByteSource): Promise<VolumeProbe | null> {
  const sb = await readIfPresent(source, 1024, 1024);
  if (sb === null || u16le(sb, 56) !== 0xef53) return null;
  const compat = u32le(sb, 92); // s_feature_compat
  const incompat = u32le(sb, 96); // s_feature_incompat
  const roCompat = u32le(sb, 100); // s_feature_ro_compat
  // ext4-only features: extents, 64bit, flex_bg (incompat); huge_file, dir_nlink, extra_isize, metadata_csum (ro).
  const ext4 = (incompat & (0x40 | 0x80 | 0x200)) !== 0 || (roCompat & (0x08 | 0x20 | 0x40 | 0x400)) !== 0;
  const filesystem: FilesystemName = ext4 ? 'ext4' : compat & 0x4 ? 'ext3' : 'ext2';
  const logBlockSize = u32le(sb, 24); // s_log_block_size
  const blocks = u32le(sb, 4); // s_blocks_count_lo
  return {
    ...EMPTY,
    filesystem,
    label: latin1(sb, 120, 16), // s_volume_name
    claimedBytes: logBlockSize < 8 ? blocks * (1024 << logBlockSize) : null,
  };
}
