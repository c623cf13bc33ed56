// Which partition table the image carries, as the OS will see it. A GPT counts when the MBR
// protects it (an 0xEE entry) or there is no MBR; a hybrid MBR without 0xEE (xorriso
// -isohybrid-gpt-basdat) is what Linux and firmware read, so the MBR is reported. Firmware may
// look at either, so both tables' partitions are probed for a UEFI boot loader.

import { readIfPresent, type ByteSource } from './byte-source.js';
import { ESP_TYPE_GUID, readGpt, type Gpt } from './gpt.js';
import { MBR_SECTOR, parseMbr, readLogicalPartitions, type Mbr } from './mbr.js';

export interface LayoutPartition {
  index: number;
  type: string;
  start: number;
  size: number;
  /** GPT partition name; "" for MBR entries. */
  name: string;
  isEsp: boolean;
}

export interface PartitionLayout {
  table: 'mbr' | 'gpt' | null;
  partitions: LayoutPartition[];
  /** Partitions of the table not reported (the GPT behind a hybrid MBR), still probed for UEFI. */
  shadow: LayoutPartition[];
  mbr: Mbr | null;
  /** Bytes the tables claim the disk spans (backup GPT header, partition ends). */
  claimedBytes: number;
  damage: string | null;
}

const PROTECTIVE_WHOLE_DISK = 0xffffffff;

export async function readPartitionLayout(source: ByteSource, sector0: Uint8Array | null): Promise<PartitionLayout> {
  const mbr = sector0 === null ? null : parseMbr(sector0);
  const gpt = await readGpt(source);
  const mbrParts = mbr === null ? [] : await mbrPartitions(source, mbr);
  const gptParts = gpt === null ? [] : gptPartitions(gpt);
  const gptWins = gpt !== null && (mbr === null || mbr.protective || mbr.partitions.length === 0);

  let claimedBytes = 0;
  for (const p of mbrParts) {
    // A protective entry of 0xFFFFFFFF sectors means "the whole disk, however large".
    if (p.type === '0xee' && p.size === PROTECTIVE_WHOLE_DISK * MBR_SECTOR) continue;
    claimedBytes = Math.max(claimedBytes, p.start + p.size);
  }
  if (gpt !== null && gpt.damage === null) {
    claimedBytes = Math.max(claimedBytes, (gpt.backupLba + 1) * gpt.sectorSize);
    for (const p of gptParts) claimedBytes = Math.max(claimedBytes, p.start + p.size);
  }

  const table = gptWins ? 'gpt' : mbr !== null && mbr.partitions.length > 0 ? 'mbr' : null;
  return {
    table,
    partitions: table === 'gpt' ? gptParts : table === 'mbr' ? mbrParts : [],
    shadow: table === 'gpt' ? mbrParts.filter((p) => p.type !== '0xee') : gptParts,
    mbr,
    claimedBytes,
    damage: gpt?.damage ?? null,
  };
}

async function mbrPartitions(source: ByteSource, mbr: Mbr): Promise<LayoutPartition[]> {
  const all = [...mbr.partitions, ...(await readLogicalPartitions(source, mbr))];
  return all.map((p) => ({
    index: p.index,
    type: `0x${p.type.toString(16).padStart(2, '0')}`,
    start: p.startLba * MBR_SECTOR,
    size: p.sectors * MBR_SECTOR,
    name: '',
    isEsp: p.type === 0xef,
  }));
}

function gptPartitions(gpt: Gpt): LayoutPartition[] {
  return gpt.partitions.map((p) => ({
    index: p.index,
    type: p.typeGuid,
    start: p.firstLba * gpt.sectorSize,
    size: (p.lastLba - p.firstLba + 1) * gpt.sectorSize,
    name: p.name,
    isEsp: p.typeGuid === ESP_TYPE_GUID,
  }));
}

/** Sector 0, or null when the image is shorter than one sector. */
export function readSector0(source: ByteSource): Promise<Uint8Array | null> {
  return readIfPresent(source, 0, MBR_SECTOR);
}
