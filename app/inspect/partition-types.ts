// Names of partition types for people ("EFI System" rather than 0xef), as fdisk and sgdisk show
// them. The JSON keeps the raw type; only human output uses these.

import type { FilesystemName } from './image-info.js';

const MBR_TYPES: Record<string, string> = {
  '0x00': 'ISO 9660 (hybrid)',
  '0x01': 'FAT12',
  '0x04': 'FAT16 <32M',
  '0x05': 'Extended',
  '0x06': 'FAT16',
  '0x07': 'NTFS/exFAT',
  '0x0b': 'FAT32',
  '0x0c': 'FAT32 (LBA)',
  '0x0e': 'FAT16 (LBA)',
  '0x0f': 'Extended (LBA)',
  '0x17': 'Hidden NTFS (isohybrid)',
  '0x82': 'Linux swap',
  '0x83': 'Linux',
  '0x85': 'Linux extended',
  '0x8e': 'Linux LVM',
  '0xa5': 'FreeBSD',
  '0xa6': 'OpenBSD',
  '0xaf': 'Apple HFS+',
  '0xcd': 'ISO 9660 (protective)',
  '0xee': 'GPT protective',
  '0xef': 'EFI System',
  '0xfd': 'Linux RAID',
};

const GPT_TYPES: Record<string, string> = {
  'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'EFI System',
  '21686148-6449-6e6f-744e-656564454649': 'BIOS boot',
  'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7': 'Microsoft basic data',
  'e3c9e316-0b5c-4db8-817d-f92df00215ae': 'Microsoft reserved',
  'de94bba4-06d1-4d40-a16a-bfd50179d6ac': 'Windows recovery',
  '0fc63daf-8483-4772-8e79-3d69d8477de4': 'Linux filesystem',
  '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f': 'Linux swap',
  '4f68bce3-e8cd-4db1-96e7-fbcaf984b709': 'Linux root (x86-64)',
  'b921b045-1df0-41c3-af44-4c6f280d3fae': 'Linux root (ARM64)',
  'bc13c2ff-59e6-4262-a352-b275fd6f7172': 'Linux extended boot',
  'e6d6d379-f507-44c2-a23c-238f2a3df928': 'Linux LVM',
  '48465300-0000-11aa-aa11-00306543ecac': 'Apple HFS+',
  '7c3457ef-0000-11aa-aa11-00306543ecac': 'Apple APFS',
  '516e7cb4-6ecf-11d6-8ff8-00022d09712b': 'FreeBSD data',
};

export function partitionTypeName(type: string): string {
  return MBR_TYPES[type] ?? GPT_TYPES[type] ?? (type.startsWith('0x') ? `type ${type}` : type);
}

const FILESYSTEM_NAMES: Record<FilesystemName, string> = {
  iso9660: 'ISO 9660',
  joliet: 'Joliet',
  rockridge: 'Rock Ridge',
  udf: 'UDF',
  fat: 'FAT',
  ntfs: 'NTFS',
  exfat: 'exFAT',
  ext2: 'ext2',
  ext3: 'ext3',
  ext4: 'ext4',
};

export function filesystemName(name: FilesystemName): string {
  return FILESYSTEM_NAMES[name];
}
