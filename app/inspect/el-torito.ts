// El Torito boot catalog ("El Torito" Bootable CD-ROM Format Specification 1.0, §2): how a CD
// boots. It says nothing about booting from USB, but tells what the image was built to boot.

import { u16le, u32le, u8 } from './binary.js';
import { readExact, type ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';

export type BootPlatform = 'bios' | 'uefi' | 'other';
export type BootMedia = 'no-emulation' | 'floppy-1.2M' | 'floppy-1.44M' | 'floppy-2.88M' | 'hard-disk' | 'unknown';

export interface ElToritoEntry {
  platform: BootPlatform;
  /** Platform id as recorded: 0x00 x86, 0x01 PowerPC, 0x02 Mac, 0xEF EFI. */
  platformId: number;
  bootable: boolean;
  media: BootMedia;
  /** Sectors (512 bytes) loaded by the BIOS; 0 means "the whole image" for EFI entries. */
  loadSectors: number;
  /** Block of the boot image. */
  loadBlock: number;
}

export interface ElTorito {
  catalogBlock: number;
  /** False when the validation entry's checksum or 55 AA key is wrong. */
  valid: boolean;
  entries: ElToritoEntry[];
}

const ENTRY = 32;

function platformOf(id: number): BootPlatform {
  if (id === 0x00) return 'bios';
  if (id === 0xef) return 'uefi';
  return 'other';
}

function mediaOf(byte: number): BootMedia {
  const media: BootMedia[] = ['no-emulation', 'floppy-1.2M', 'floppy-1.44M', 'floppy-2.88M', 'hard-disk'];
  return media[byte & 0x0f] ?? 'unknown';
}

function bootEntry(bytes: Uint8Array, offset: number, platformId: number): ElToritoEntry {
  return {
    platform: platformOf(platformId),
    platformId,
    bootable: u8(bytes, offset) === 0x88, // boot indicator
    media: mediaOf(u8(bytes, offset + 1)), // boot media type
    loadSectors: u16le(bytes, offset + 6), // sector count
    loadBlock: u32le(bytes, offset + 8), // load RBA
  };
}

/** Reads the catalog at `catalogBlock` (2048-byte blocks). Throws E_IMAGE_CORRUPT if it is outside the image. */
export async function readElTorito(source: ByteSource, catalogBlock: number): Promise<ElTorito> {
  const catalogBytes = LIMITS.maxBootCatalogEntries * ENTRY;
  const start = catalogBlock * 2048;
  const length = Math.min(catalogBytes, Math.max(0, source.size - start));
  const bytes = await readExact(source, start, Math.max(length, ENTRY), 'the El Torito boot catalog');
  const result: ElTorito = { catalogBlock, valid: validationOk(bytes), entries: [] };
  if (!result.valid) return result;

  // Validation entry byte 1: platform of the initial/default entry that follows it.
  const defaultPlatform = u8(bytes, 1);
  if (bytes.length >= 2 * ENTRY) result.entries.push(bootEntry(bytes, ENTRY, defaultPlatform));

  let pos = 2 * ENTRY;
  while (pos + ENTRY <= bytes.length) {
    const header = u8(bytes, pos);
    // Section header: 0x90 more headers follow, 0x91 final header.
    if (header !== 0x90 && header !== 0x91) break;
    const platformId = u8(bytes, pos + 1);
    const count = u16le(bytes, pos + 2);
    pos += ENTRY;
    for (let i = 0; i < count && pos + ENTRY <= bytes.length; i++) {
      result.entries.push(bootEntry(bytes, pos, platformId));
      pos += ENTRY;
      // Extension entries (0x44) continue the selection criteria of the entry before them.
      while (pos + ENTRY <= bytes.length && u8(bytes, pos) === 0x44) pos += ENTRY;
    }
    if (header === 0x91) break;
  }
  return result;
}

/** Validation entry: header id 1, key 55 AA at 30, and its 16 words summing to zero. */
function validationOk(bytes: Uint8Array): boolean {
  if (u8(bytes, 0) !== 1 || u8(bytes, 30) !== 0x55 || u8(bytes, 31) !== 0xaa) return false;
  let sum = 0;
  for (let i = 0; i < ENTRY; i += 2) sum = (sum + u16le(bytes, i)) & 0xffff;
  return sum === 0;
}

export function elToritoPlatforms(catalog: ElTorito): { bios: boolean; uefi: boolean } {
  const bootable = catalog.entries.filter((entry) => entry.bootable);
  return {
    bios: bootable.some((entry) => entry.platform === 'bios'),
    uefi: bootable.some((entry) => entry.platform === 'uefi'),
  };
}
