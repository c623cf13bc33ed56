// ECMA-167 descriptor tags (3/7.2) and OSTA compressed Unicode (UDF 2.1.1), shared by the UDF
// volume and file structure readers.

import { corrupt, u16le, u8, ucs2be } from './binary.js';

export const TAG = {
  primaryVolume: 1,
  anchor: 2,
  pointer: 3,
  partition: 5,
  logicalVolume: 6,
  terminating: 8,
  fileSet: 256,
  fileIdentifier: 257,
  allocationExtent: 258,
  fileEntry: 261,
  extendedFileEntry: 266,
} as const;

/** Tag checksum at 4: the sum of bytes 0–3 and 5–15, modulo 256. */
export function tagChecksumOk(bytes: Uint8Array, offset = 0): boolean {
  if (offset + 16 > bytes.length) return false;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += bytes[offset + i] ?? 0;
  return (sum & 0xff) === bytes[offset + 4];
}

/** The tag identifier at `offset` when the tag's checksum holds, else null. */
export function tagId(bytes: Uint8Array, offset = 0): number | null {
  return tagChecksumOk(bytes, offset) ? u16le(bytes, offset) : null;
}

export function expectTag(bytes: Uint8Array, id: number, what: string): void {
  if (tagId(bytes) !== id) throw corrupt(`the UDF ${what} has a broken descriptor tag`);
}

/** d-characters: compression id 8 = one byte per character, 16 = UTF-16BE (UDF 2.1.1). */
export function dchars(bytes: Uint8Array, offset: number, length: number): string {
  if (length <= 0) return '';
  const compression = u8(bytes, offset);
  if (compression === 8 || compression === 254) {
    let out = '';
    for (let i = offset + 1; i < offset + length; i++) out += String.fromCharCode(u8(bytes, i));
    return out;
  }
  if (compression === 16 || compression === 255) return ucs2be(bytes, offset + 1, length - 1);
  return '';
}

/** A fixed-size dstring field: its last byte says how many bytes are used (ECMA-167 1/7.2.12). */
export function dstring(bytes: Uint8Array, offset: number, size: number): string {
  const used = u8(bytes, offset + size - 1);
  return dchars(bytes, offset, Math.min(used, size - 1)).trimEnd();
}
