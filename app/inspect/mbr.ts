// Master Boot Record: boot code 0–439, disk signature at 440, four 16-byte partition entries at
// 446, 55 AA at 510. Logical partitions hang off an extended partition as a chain of EBRs.

import { isZero, u32le, u8 } from './binary.js';
import { readIfPresent, type ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';

export const MBR_SECTOR = 512;

export interface MbrPartition {
  /** 1–4 for primary entries (their slot), 5 and up for logical partitions. */
  index: number;
  type: number;
  bootable: boolean;
  startLba: number;
  sectors: number;
}

export interface Mbr {
  diskSignature: number;
  /** Boot code area (0–439) holds something: a BIOS can run it. */
  hasBootCode: boolean;
  partitions: MbrPartition[];
  /** An 0xEE entry: the real table is a GPT. */
  protective: boolean;
}

const EXTENDED_TYPES = new Set([0x05, 0x0f, 0x85]);

export function hasBootSignature(sector: Uint8Array): boolean {
  return sector.length >= MBR_SECTOR && u8(sector, 510) === 0x55 && u8(sector, 511) === 0xaa;
}

/**
 * Parses sector 0 as an MBR; null when it is not one (no 55 AA, or entries that cannot be a
 * partition table, as in the boot sector of a file system without one).
 */
export function parseMbr(sector: Uint8Array): Mbr | null {
  if (!hasBootSignature(sector)) return null;
  const partitions: MbrPartition[] = [];
  for (let slot = 0; slot < 4; slot++) {
    const entry = 446 + slot * 16;
    const status = u8(sector, entry); // boot indicator: 0x00 or 0x80, anything else is not a table
    if (status !== 0x00 && status !== 0x80) return null;
    const type = u8(sector, entry + 4);
    const startLba = u32le(sector, entry + 8);
    const sectors = u32le(sector, entry + 12);
    // xorriso writes type 0x00 entries that really cover the ISO: keep any entry with sectors.
    if (type === 0 && sectors === 0) continue;
    if (sectors === 0) return null;
    partitions.push({ index: slot + 1, type, bootable: status === 0x80, startLba, sectors });
  }
  return {
    diskSignature: u32le(sector, 440),
    hasBootCode: !isZero(sector, 0, 440),
    partitions,
    protective: partitions.some((p) => p.type === 0xee),
  };
}

/** Follows the EBR chain of each extended partition (bounded, loop-safe) and appends the logical ones. */
export async function readLogicalPartitions(source: ByteSource, mbr: Mbr): Promise<MbrPartition[]> {
  const logical: MbrPartition[] = [];
  for (const extended of mbr.partitions.filter((p) => EXTENDED_TYPES.has(p.type))) {
    const visited = new Set<number>();
    let ebrLba = extended.startLba;
    while (logical.length < LIMITS.maxLogicalPartitions && !visited.has(ebrLba)) {
      visited.add(ebrLba);
      const ebr = await readIfPresent(source, ebrLba * MBR_SECTOR, MBR_SECTOR);
      if (ebr === null || !hasBootSignature(ebr)) break;
      // EBR entry 1: the logical partition, relative to this EBR.
      const type = u8(ebr, 446 + 4);
      const sectors = u32le(ebr, 446 + 12);
      if (type !== 0 && sectors > 0) {
        logical.push({
          index: 5 + logical.length,
          type,
          bootable: u8(ebr, 446) === 0x80,
          startLba: ebrLba + u32le(ebr, 446 + 8),
          sectors,
        });
      }
      // EBR entry 2: the next EBR, relative to the extended partition's start.
      const next = u32le(ebr, 462 + 8);
      if (u8(ebr, 462 + 4) === 0 || next === 0) break;
      ebrLba = extended.startLba + next;
    }
  }
  return logical;
}
