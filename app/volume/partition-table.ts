// Partition tables with one partition: MBR (one primary entry) for disks up to 2 TiB, GPT
// (protective MBR, primary and backup headers and entry arrays, CRC32s; UEFI specification
// §5) above, or when asked. The partition starts at 1 MiB (sector 2048), as Windows, parted and
// sgdisk align it, and runs to the end of the disk (GPT: to the last usable sector).

import { crc32 } from '../inspect/binary.js';
import { bootStub, NOT_BOOTABLE_MESSAGE } from './boot-code.js';
import { MiB, SECTOR, setAscii, setU32, setU64, setUtf16, TiB } from './bytes.js';
import { VolumeError } from './errors.js';
import { deriveGuid, deriveU32, guidBytes } from './seed.js';

export type PartitionScheme = 'mbr' | 'gpt';

/** Microsoft basic data: what Windows gives FAT32 and exFAT partitions on GPT disks. */
export const BASIC_DATA_GUID = 'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7';
export const PARTITION_START = MiB;
/** An MBR entry counts sectors in 32 bits: 2 TiB with 512-byte sectors. */
export const MBR_MAX_DISK = 2 * TiB;
const GPT_ENTRIES = 128;
const GPT_ENTRY_SIZE = 128;
/** The entry array's sectors (16 KiB). */
const GPT_ARRAY_SECTORS = (GPT_ENTRIES * GPT_ENTRY_SIZE) / SECTOR;

export interface PartitionPlan {
  readonly scheme: PartitionScheme;
  readonly diskSize: number;
  /** First sector and sector count of the partition. */
  readonly firstSector: number;
  readonly sectors: number;
  /** The same in bytes. */
  readonly offset: number;
  readonly size: number;
}

/**
 * Where the one partition goes on a disk of `diskSize` bytes. 'auto' is MBR up to 2 TiB and
 * GPT above (Windows' choice for removable drives, which firmware of every age reads). The
 * partition runs to the end of the disk, or ends after `maxSize` bytes (a whole number of MiB)
 * when the file system cannot be larger (FAT32: 2 TiB); the rest is left unallocated.
 */
export function planPartition(diskSize: number, scheme: PartitionScheme | 'auto' = 'auto', maxSize = Infinity): PartitionPlan {
  if (!Number.isSafeInteger(diskSize) || diskSize <= 0 || diskSize % SECTOR !== 0) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the disk size', value: String(diskSize), why: 'it must be a positive number of 512-byte sectors' });
  }
  const chosen = scheme === 'auto' ? (diskSize > MBR_MAX_DISK ? 'gpt' : 'mbr') : scheme;
  const diskSectors = diskSize / SECTOR;
  const firstSector = PARTITION_START / SECTOR;
  const lastSector = chosen === 'gpt' ? gptLastUsable(diskSectors) : diskSectors - 1;
  if (chosen === 'mbr' && diskSize > MBR_MAX_DISK) {
    throw new VolumeError({ reason: 'disk-too-large', scheme: 'mbr', size: diskSize, limit: MBR_MAX_DISK });
  }
  const sectors = Math.min(lastSector - firstSector + 1, Math.floor(maxSize / MiB) * (MiB / SECTOR));
  if (sectors <= 0) {
    throw new VolumeError({ reason: 'disk-too-small', size: diskSize, needed: (firstSector + 1 + (diskSectors - lastSector - 1)) * SECTOR });
  }
  return { scheme: chosen, diskSize, firstSector, sectors, offset: firstSector * SECTOR, size: sectors * SECTOR };
}

/** Bytes a partition table takes around a partition of `partitionSize` bytes: the disk size that holds it. */
export function diskSizeFor(partitionSize: number, scheme: PartitionScheme): number {
  return PARTITION_START + partitionSize + (scheme === 'gpt' ? (1 + GPT_ARRAY_SECTORS) * SECTOR : 0);
}

const gptLastUsable = (diskSectors: number): number => diskSectors - 1 - GPT_ARRAY_SECTORS - 1;

export interface MbrOptions {
  /** The partition's MBR type (0x0C FAT32 LBA, 0x07 exFAT). */
  type: number;
  /** Status 0x80, which some old BIOSes want before they boot a USB disk; UEFI ignores it. */
  active: boolean;
  seed: string;
  bootMessage?: string;
}

/** A classic MBR: boot stub, disk signature, one primary partition. */
export function mbrSector(plan: PartitionPlan, options: MbrOptions): Uint8Array {
  const s = new Uint8Array(SECTOR);
  s.set(bootStub(0, 440, options.bootMessage ?? NOT_BOOTABLE_MESSAGE), 0);
  setU32(s, 440, deriveU32(options.seed, 'mbr disk signature')); // Windows tells disks apart by it
  writeMbrEntry(s, 446, options.active ? 0x80 : 0, options.type, plan.firstSector, plan.sectors);
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

function writeMbrEntry(s: Uint8Array, at: number, status: number, type: number, first: number, sectors: number): void {
  s[at] = status;
  s.set(chs(first), at + 1);
  s[at + 4] = type;
  s.set(chs(first + sectors - 1), at + 5);
  setU32(s, at + 8, first);
  setU32(s, at + 12, sectors);
}

/** Cylinder/head/sector of an LBA in the 255-head, 63-sector geometry; 1023/254/63 past its reach. */
function chs(lba: number): number[] {
  const cylinder = Math.floor(lba / (255 * 63));
  if (cylinder > 1023) return [0xfe, 0xff, 0xff];
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return [head, (sector & 0x3f) | ((cylinder >> 2) & 0xc0), cylinder & 0xff];
}

export interface GptOptions {
  seed: string;
  /** The partition's name in the entry (UTF-16, 36 code units at most). */
  name?: string;
  bootMessage?: string;
}

export interface GptStructures {
  /** LBA 0: the protective MBR. */
  protectiveMbr: Uint8Array;
  /** LBA 1 …: the primary header then the entry array. */
  primary: Uint8Array;
  /** The last 33 sectors: the backup entry array then the backup header. */
  backup: Uint8Array;
  /** Byte offset of `backup` on the disk. */
  backupOffset: number;
  diskGuid: Uint8Array;
  partitionGuid: Uint8Array;
}

export function gptStructures(plan: PartitionPlan, options: GptOptions): GptStructures {
  const diskSectors = plan.diskSize / SECTOR;
  const lastLba = diskSectors - 1;
  const diskGuid = deriveGuid(options.seed, 'gpt disk guid');
  const partitionGuid = deriveGuid(options.seed, 'gpt partition guid');

  const entries = new Uint8Array(GPT_ARRAY_SECTORS * SECTOR);
  entries.set(guidBytes(BASIC_DATA_GUID), 0); // PartitionTypeGUID
  entries.set(partitionGuid, 16); // UniquePartitionGUID
  setU64(entries, 32, plan.firstSector); // StartingLBA
  setU64(entries, 40, plan.firstSector + plan.sectors - 1); // EndingLBA (inclusive)
  // Attributes (48) 0; the name, as Windows' Disk Management writes it, unless given.
  setUtf16(entries, 56, (options.name ?? 'Basic data partition').slice(0, 36));
  const entriesCrc = crc32(entries);

  const header = (myLba: number, alternateLba: number, entriesLba: number): Uint8Array => {
    const h = new Uint8Array(SECTOR);
    setAscii(h, 0, 'EFI PART', 8); // Signature
    setU32(h, 8, 0x00010000); // Revision 1.0
    setU32(h, 12, 92); // HeaderSize
    setU64(h, 24, myLba); // MyLBA
    setU64(h, 32, alternateLba); // AlternateLBA
    setU64(h, 40, 2 + GPT_ARRAY_SECTORS); // FirstUsableLBA (34)
    setU64(h, 48, gptLastUsable(diskSectors)); // LastUsableLBA
    h.set(diskGuid, 56); // DiskGUID
    setU64(h, 72, entriesLba); // PartitionEntryLBA
    setU32(h, 80, GPT_ENTRIES); // NumberOfPartitionEntries
    setU32(h, 84, GPT_ENTRY_SIZE); // SizeOfPartitionEntry
    setU32(h, 88, entriesCrc); // PartitionEntryArrayCRC32
    setU32(h, 16, crc32(h.subarray(0, 92))); // HeaderCRC32, computed with itself zero
    return h;
  };

  const primary = new Uint8Array((1 + GPT_ARRAY_SECTORS) * SECTOR);
  primary.set(header(1, lastLba, 2), 0);
  primary.set(entries, SECTOR);
  const backup = new Uint8Array((GPT_ARRAY_SECTORS + 1) * SECTOR);
  backup.set(entries, 0);
  backup.set(header(lastLba, 1, lastLba - GPT_ARRAY_SECTORS), GPT_ARRAY_SECTORS * SECTOR);

  const protectiveMbr = new Uint8Array(SECTOR);
  protectiveMbr.set(bootStub(0, 440, options.bootMessage ?? NOT_BOOTABLE_MESSAGE), 0);
  // One 0xEE entry from LBA 1 over the whole disk (capped at 32 bits, as the UEFI specification says).
  writeMbrEntry(protectiveMbr, 446, 0, 0xee, 1, Math.min(diskSectors - 1, 0xffffffff));
  protectiveMbr.set([0x00, 0x02, 0x00], 447); // StartingCHS 0/0/2, as the specification gives it
  if (protectiveMbr[451] === 0xfe) protectiveMbr.set([0xff, 0xff, 0xff], 451); // EndingCHS out of reach: 0xFFFFFF
  protectiveMbr[510] = 0x55;
  protectiveMbr[511] = 0xaa;

  return { protectiveMbr, primary, backup, backupOffset: (lastLba - GPT_ARRAY_SECTORS) * SECTOR, diskGuid, partitionGuid };
}
