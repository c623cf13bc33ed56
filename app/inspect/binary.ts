// Little helpers to read fields out of on-disk structures. Every reader checks its bounds and
// reports a damaged image (never a RangeError), because the bytes come from an untrusted file.

import { ImprintError } from '../errors.js';
import { textDecoder } from '../text-decoder.js';

/** The typed error every parser throws for bytes that cannot be what they claim to be. */
export function corrupt(detail: string): ImprintError {
  return new ImprintError('E_IMAGE_CORRUPT', { detail });
}

function need(bytes: Uint8Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + length > bytes.length) {
    throw corrupt(`a field at byte ${offset} lies outside its ${bytes.length}-byte structure`);
  }
}

export function u8(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 1);
  return bytes[offset] ?? 0;
}

export function u16le(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 2);
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

export function u16be(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 2);
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

export function u32le(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 4);
  return (
    ((bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16) |
      ((bytes[offset + 3] ?? 0) << 24)) >>>
    0
  );
}

/** A u64 as a JS number; values above 2^53 cannot be real offsets in an image and are refused. */
export function u64le(bytes: Uint8Array, offset: number): number {
  const low = u32le(bytes, offset);
  const high = u32le(bytes, offset + 4);
  if (high >= 0x200000) throw corrupt(`a 64-bit field at byte ${offset} is impossibly large`);
  return high * 0x1_0000_0000 + low;
}

export function isZero(bytes: Uint8Array, offset = 0, length = bytes.length - offset): boolean {
  const end = Math.min(bytes.length, offset + length);
  for (let i = Math.max(0, offset); i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function equalsAscii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset < 0 || offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Printable ASCII/Latin-1 text, with NULs and trailing spaces dropped (space-padded ISO fields). */
export function latin1(bytes: Uint8Array, offset: number, length: number): string {
  need(bytes, offset, length);
  let out = '';
  for (let i = offset; i < offset + length; i++) {
    const c = bytes[i] ?? 0;
    if (c === 0) continue;
    out += String.fromCharCode(c);
  }
  return out.trimEnd();
}

const utf16be = textDecoder('utf-16be');
const utf16le = textDecoder('utf-16le');

/** UCS-2 big-endian (Joliet names, UDF 16-bit d-characters); stops at the first NUL. */
export function ucs2be(bytes: Uint8Array, offset: number, length: number): string {
  need(bytes, offset, length);
  const text = utf16be.decode(bytes.subarray(offset, offset + (length & ~1)));
  const nul = text.indexOf('\0');
  return (nul < 0 ? text : text.slice(0, nul)).trimEnd();
}

/** UTF-16 little-endian (GPT partition names, FAT long names); stops at the first NUL. */
export function ucs2le(bytes: Uint8Array, offset: number, length: number): string {
  need(bytes, offset, length);
  const text = utf16le.decode(bytes.subarray(offset, offset + (length & ~1)));
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

const CRC32_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), the checksum of GPT headers and partition arrays. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = (CRC32_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A GUID as text: the first three fields are stored little-endian (UEFI spec, "GUID format"). */
export function guid(bytes: Uint8Array, offset: number): string {
  need(bytes, offset, 16);
  const hex = (i: number): string => (bytes[offset + i] ?? 0).toString(16).padStart(2, '0');
  const part = (indexes: number[]): string => indexes.map(hex).join('');
  return [
    part([3, 2, 1, 0]),
    part([5, 4]),
    part([7, 6]),
    part([8, 9]),
    part([10, 11, 12, 13, 14, 15]),
  ].join('-');
}
