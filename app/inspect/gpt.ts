// GUID Partition Table (UEFI spec §5.3): header at LBA 1 ("EFI PART"), CRC32 of the header and
// of the entry array, backup header at the disk's last LBA. isohybrid layouts put partition 1 at
// LBA 0, overlapping the GPT itself: that is how they are built, not damage, so overlaps are not checked.

import { crc32, equalsAscii, guid, u32le, u64le, ucs2le } from './binary.js';
import { readIfPresent, type ByteSource } from './byte-source.js';

export const ESP_TYPE_GUID = 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b';

export interface GptPartition {
  /** Entry number, 1-based, counting empty slots (as fdisk and the kernel number them). */
  index: number;
  typeGuid: string;
  uniqueGuid: string;
  firstLba: number;
  /** Inclusive. */
  lastLba: number;
  name: string;
}

export interface Gpt {
  sectorSize: number;
  diskGuid: string;
  /** LBA of the backup header: the disk the table was made for ends there. */
  backupLba: number;
  partitions: GptPartition[];
  /** Plain words about what was wrong, when the table read is not fully intact. */
  damage: string | null;
}

const MAX_ENTRY_BYTES = 1024 * 1024;

interface Header {
  lba: number;
  backupLba: number;
  diskGuid: string;
  entriesLba: number;
  entryCount: number;
  entrySize: number;
  entriesCrc: number;
}

/** Finds a GPT (512- or 4096-byte sectors), falling back to the backup copy when the primary is damaged. */
export async function readGpt(source: ByteSource): Promise<Gpt | null> {
  for (const sectorSize of [512, 4096]) {
    const primaryBytes = await readIfPresent(source, sectorSize, sectorSize);
    if (primaryBytes === null || !equalsAscii(primaryBytes, 0, 'EFI PART')) continue;
    const primary = parseHeader(primaryBytes);
    const backupLba = primary?.backupLba ?? Math.floor(source.size / sectorSize) - 1;
    const primaryTable = primary === null ? null : await readEntries(source, primary, sectorSize);
    if (primary !== null && primaryTable !== null) return table(sectorSize, primary, primaryTable, null);

    const backupBytes = await readIfPresent(source, backupLba * sectorSize, sectorSize);
    const backup = backupBytes !== null && equalsAscii(backupBytes, 0, 'EFI PART') ? parseHeader(backupBytes) : null;
    const backupTable = backup === null ? null : await readEntries(source, backup, sectorSize);
    const what = primary === null ? 'header' : 'partition list';
    if (backup !== null && backupTable !== null) {
      return table(sectorSize, backup, backupTable, `the primary GPT ${what} is damaged; the backup copy is intact`);
    }
    // Both copies bad: show the primary's entries as recorded, and say they are not to be trusted.
    const fallback = primary ?? parseHeader(primaryBytes, false);
    const entries = fallback === null ? [] : ((await readEntries(source, fallback, sectorSize, false)) ?? []);
    const damage = `the GPT ${what} is damaged (checksum mismatch) and has no intact backup`;
    if (fallback === null) return { sectorSize, diskGuid: '', backupLba, partitions: [], damage };
    return table(sectorSize, fallback, entries, damage);
  }
  return null;
}

function table(sectorSize: number, header: Header, partitions: GptPartition[], damage: string | null): Gpt {
  return { sectorSize, diskGuid: header.diskGuid, backupLba: header.backupLba, partitions, damage };
}

function parseHeader(bytes: Uint8Array, checkCrc = true): Header | null {
  const headerSize = u32le(bytes, 12); // header size
  if (headerSize < 92 || headerSize > bytes.length) return null;
  if (checkCrc) {
    // A copy (new Uint8Array, not slice: a Node Buffer's slice shares memory with the source).
    const copy = new Uint8Array(bytes.subarray(0, headerSize));
    copy.fill(0, 16, 20); // the header CRC is computed with its own field zeroed
    if (crc32(copy) !== u32le(bytes, 16)) return null;
  }
  const entrySize = u32le(bytes, 84); // size of a partition entry
  const entryCount = u32le(bytes, 80); // number of partition entries
  if (entrySize < 128 || entrySize % 8 !== 0 || entryCount * entrySize > MAX_ENTRY_BYTES) return null;
  try {
    return {
      lba: u64le(bytes, 24), // my LBA
      backupLba: u64le(bytes, 32), // alternate LBA
      diskGuid: guid(bytes, 56),
      entriesLba: u64le(bytes, 72), // partition entry array LBA
      entryCount,
      entrySize,
      entriesCrc: u32le(bytes, 88), // partition entry array CRC32
    };
  } catch {
    return null;
  }
}

async function readEntries(
  source: ByteSource,
  header: Header,
  sectorSize: number,
  checkCrc = true,
): Promise<GptPartition[] | null> {
  const bytes = await readIfPresent(source, header.entriesLba * sectorSize, header.entryCount * header.entrySize);
  if (bytes === null) return null;
  if (checkCrc && crc32(bytes) !== header.entriesCrc) return null;
  const partitions: GptPartition[] = [];
  for (let i = 0; i < header.entryCount; i++) {
    const entry = bytes.subarray(i * header.entrySize, (i + 1) * header.entrySize);
    const typeGuid = guid(entry, 0); // partition type GUID
    if (typeGuid === '00000000-0000-0000-0000-000000000000') continue;
    let firstLba: number;
    let lastLba: number;
    try {
      firstLba = u64le(entry, 32); // starting LBA
      lastLba = u64le(entry, 40); // ending LBA, inclusive
    } catch {
      continue;
    }
    if (lastLba < firstLba) continue;
    partitions.push({
      index: i + 1,
      typeGuid,
      uniqueGuid: guid(entry, 16),
      firstLba,
      lastLba,
      name: ucs2le(entry, 56, Math.min(72, header.entrySize - 56)), // partition name, 36 UTF-16LE units
    });
  }
  return partitions;
}
