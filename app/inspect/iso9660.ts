// ISO 9660 volume descriptors (ECMA-119 §8): the primary descriptor (label, size, dates), a
// Joliet supplementary descriptor, and the El Torito boot record that points at the boot catalog.

import { corrupt, equalsAscii, latin1, u16le, u32le, u8, ucs2be } from './binary.js';
import { readIfPresent, type ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';

/** Volume descriptors are 2048-byte sectors starting at sector 16, whatever the block size. */
export const DESCRIPTOR_SIZE = 2048;
const FIRST_DESCRIPTOR = 16 * DESCRIPTOR_SIZE;

/** Where a directory's data lives (from a directory record). */
export interface IsoDirectoryRef {
  block: number;
  length: number;
}

export interface IsoVolume {
  blockSize: number;
  /** Volume space size in blocks: what the image claims its length is. */
  volumeBlocks: number;
  label: string;
  systemId: string;
  publisher: string;
  application: string;
  /** Volume creation time as ISO 8601 (UTC), or null when not recorded. */
  created: string | null;
  primaryRoot: IsoDirectoryRef;
  /** The Joliet tree's root, when a Joliet supplementary descriptor exists. */
  jolietRoot: IsoDirectoryRef | null;
  jolietLabel: string | null;
  /** LBA of the El Torito boot catalog, when a boot record names one. */
  bootCatalogBlock: number | null;
  /** First byte after the descriptor set terminator (a UDF recognition sequence may follow). */
  descriptorsEnd: number;
}

/** Whether sector 16 holds an ISO 9660 volume descriptor at all. */
export async function hasIsoSignature(source: ByteSource): Promise<boolean> {
  const head = await readIfPresent(source, FIRST_DESCRIPTOR, 7);
  return head !== null && equalsAscii(head, 1, 'CD001');
}

/** Reads the descriptor set; null when the image is not ISO 9660 (or has no primary descriptor). */
export async function readIsoVolume(source: ByteSource): Promise<IsoVolume | null> {
  let primary: Uint8Array | null = null;
  let joliet: Uint8Array | null = null;
  let bootCatalogBlock: number | null = null;
  let descriptorsEnd = FIRST_DESCRIPTOR;
  for (let index = 0; index < LIMITS.maxVolumeDescriptors; index++) {
    const offset = FIRST_DESCRIPTOR + index * DESCRIPTOR_SIZE;
    const sector = await readIfPresent(source, offset, DESCRIPTOR_SIZE);
    // A truncated image may stop inside the descriptor set: use what was read.
    if (sector === null || !equalsAscii(sector, 1, 'CD001')) break;
    descriptorsEnd = offset + DESCRIPTOR_SIZE;
    const type = u8(sector, 0);
    if (type === 255) break;
    if (type === 1 && primary === null) primary = sector;
    if (type === 2 && joliet === null && isJolietEscape(sector)) joliet = sector;
    // Boot record: "EL TORITO SPECIFICATION" boot system id at 7, catalog LBA at 71.
    if (type === 0 && equalsAscii(sector, 7, 'EL TORITO SPECIFICATION')) bootCatalogBlock = u32le(sector, 71);
  }
  if (primary === null) return null;

  const blockSize = u16le(primary, 128); // PVD logical block size
  if (![512, 1024, 2048].includes(blockSize)) throw corrupt(`the ISO 9660 block size is ${blockSize}`);
  return {
    blockSize,
    volumeBlocks: u32le(primary, 80), // PVD volume space size
    label: latin1(primary, 40, 32), // PVD volume identifier
    systemId: latin1(primary, 8, 32), // PVD system identifier
    publisher: latin1(primary, 318, 128), // PVD publisher identifier
    application: latin1(primary, 574, 128), // PVD application identifier
    created: isoDate(primary, 813), // PVD volume creation date and time
    primaryRoot: rootRecord(primary),
    jolietRoot: joliet === null ? null : rootRecord(joliet),
    jolietLabel: joliet === null ? null : ucs2be(joliet, 40, 32),
    bootCatalogBlock,
    descriptorsEnd,
  };
}

/** Joliet escape sequences at 88: %/@ (level 1), %/C (level 2), %/E (level 3). */
function isJolietEscape(sector: Uint8Array): boolean {
  return equalsAscii(sector, 88, '%/@') || equalsAscii(sector, 88, '%/C') || equalsAscii(sector, 88, '%/E');
}

/** Root directory record at 156 (34 bytes): extent LBA at +2, data length at +10. */
function rootRecord(descriptor: Uint8Array): IsoDirectoryRef {
  return { block: u32le(descriptor, 156 + 2), length: u32le(descriptor, 156 + 10) };
}

/** "YYYYMMDDHHMMSScc" + signed offset in 15-minute units (ECMA-119 §8.4.26.1). */
function isoDate(bytes: Uint8Array, offset: number): string | null {
  const digits = latin1(bytes, offset, 16);
  if (!/^\d{16}$/.test(digits) || /^0+$/.test(digits)) return null;
  const n = (from: number, length: number): number => Number(digits.slice(from, from + length));
  const gmtOffset = (u8(bytes, offset + 16) << 24) >> 24;
  const utc =
    Date.UTC(n(0, 4), n(4, 2) - 1, n(6, 2), n(8, 2), n(10, 2), n(12, 2), n(14, 2) * 10) - gmtOffset * 15 * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
