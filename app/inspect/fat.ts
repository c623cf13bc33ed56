// FAT boot sector and BIOS Parameter Block (Microsoft FAT specification, "BPB"): enough to tell
// a FAT file system from other boot sectors, find its regions, and read its label.

import { equalsAscii, latin1, u16le, u32le, u8 } from './binary.js';
import { hasBootSignature } from './mbr.js';

export type FatType = 'fat12' | 'fat16' | 'fat32';

export interface FatVolume {
  type: FatType;
  bytesPerSector: number;
  sectorsPerCluster: number;
  reservedSectors: number;
  fatCount: number;
  sectorsPerFat: number;
  rootEntryCount: number;
  totalSectors: number;
  /** FAT32: first cluster of the root directory. */
  rootCluster: number;
  firstDataSector: number;
  clusterCount: number;
  /** BPB volume label ("NO NAME" is reported as ""). */
  label: string;
  /** The boot code after the BPB does something other than print mkfs.fat's "not a bootable disk". */
  hasBootCode: boolean;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** Parses a FAT boot sector; null when the sector is not one. */
export function parseFatBootSector(sector: Uint8Array): FatVolume | null {
  if (sector.length < 512 || !hasBootSignature(sector)) return null;
  // The file system type strings are informational per the spec, but every formatter writes them;
  // requiring one keeps MBR boot code from being mistaken for a BPB.
  const fat32Named = equalsAscii(sector, 82, 'FAT32');
  if (!fat32Named && !equalsAscii(sector, 54, 'FAT')) return null;

  const bytesPerSector = u16le(sector, 11); // BPB_BytsPerSec
  const sectorsPerCluster = u8(sector, 13); // BPB_SecPerClus
  const reservedSectors = u16le(sector, 14); // BPB_RsvdSecCnt
  const fatCount = u8(sector, 16); // BPB_NumFATs
  const rootEntryCount = u16le(sector, 17); // BPB_RootEntCnt
  const totalSectors = u16le(sector, 19) || u32le(sector, 32); // BPB_TotSec16, else BPB_TotSec32
  const media = u8(sector, 21); // BPB_Media
  const sectorsPerFat = u16le(sector, 22) || u32le(sector, 36); // BPB_FATSz16, else BPB_FATSz32
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return null;
  if (!isPowerOfTwo(sectorsPerCluster) || sectorsPerCluster > 128) return null;
  if (reservedSectors < 1 || fatCount < 1 || fatCount > 4) return null;
  if (media !== 0xf0 && media < 0xf8) return null;
  if (totalSectors === 0 || sectorsPerFat === 0) return null;

  const rootDirSectors = Math.ceil((rootEntryCount * 32) / bytesPerSector);
  const firstDataSector = reservedSectors + fatCount * sectorsPerFat + rootDirSectors;
  const dataSectors = totalSectors - firstDataSector;
  if (dataSectors <= 0) return null;
  const clusterCount = Math.floor(dataSectors / sectorsPerCluster);
  // The FAT type is decided by the cluster count alone (FAT spec, "FAT Type Determination").
  const type: FatType = clusterCount < 4085 ? 'fat12' : clusterCount < 65525 ? 'fat16' : 'fat32';
  if (type === 'fat32' && rootEntryCount !== 0) return null;

  const labelOffset = type === 'fat32' ? 71 : 43; // BS_VolLab
  const label = latin1(sector, labelOffset, 11);
  const codeStart = type === 'fat32' ? 90 : 62;
  return {
    type,
    bytesPerSector,
    sectorsPerCluster,
    reservedSectors,
    fatCount,
    sectorsPerFat,
    rootEntryCount,
    totalSectors,
    rootCluster: type === 'fat32' ? u32le(sector, 44) : 0, // BPB_RootClus
    firstDataSector,
    clusterCount,
    label: label === 'NO NAME' ? '' : label,
    hasBootCode: bootCodeRuns(sector, codeStart),
  };
}

/** mkfs.fat writes a stub that only prints this; real loaders (DOS, Windows, syslinux) do not. */
const NON_BOOTABLE_STUBS = ['This is not a bootable disk'];

function bootCodeRuns(sector: Uint8Array, codeStart: number): boolean {
  let text = '';
  let any = false;
  for (let i = codeStart; i < 510; i++) {
    const c = sector[i] ?? 0;
    if (c !== 0) any = true;
    text += String.fromCharCode(c);
  }
  if (!any) return false;
  return !NON_BOOTABLE_STUBS.some((stub) => text.includes(stub));
}

/** Boot sectors of other file systems that also end in 55 AA (OEM name at 3). */
export function otherBootSectorFs(sector: Uint8Array): 'ntfs' | 'exfat' | null {
  if (equalsAscii(sector, 3, 'NTFS    ')) return 'ntfs';
  if (equalsAscii(sector, 3, 'EXFAT   ')) return 'exfat';
  return null;
}
