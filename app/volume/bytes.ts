// Little-endian field writers for the structures this folder generates (the inspect parsers'
// readers are the mirror image). DataView throws on out-of-range offsets: a layout bug, never input.

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function setU16(bytes: Uint8Array, offset: number, value: number): void {
  view(bytes).setUint16(offset, value, true);
}

export function setU32(bytes: Uint8Array, offset: number, value: number): void {
  view(bytes).setUint32(offset, value >>> 0, true);
}

/** A safe integer (below 2^53) as a u64. */
export function setU64(bytes: Uint8Array, offset: number, value: number): void {
  const v = view(bytes);
  v.setUint32(offset, value % 0x1_0000_0000, true);
  v.setUint32(offset + 4, Math.floor(value / 0x1_0000_0000), true);
}

/** ASCII text, padded with `pad` to `length` bytes (FAT names and labels are space-padded). */
export function setAscii(bytes: Uint8Array, offset: number, text: string, length = text.length, pad = 0x20): void {
  for (let i = 0; i < length; i++) bytes[offset + i] = i < text.length ? text.charCodeAt(i) & 0x7f : pad;
}

/** UTF-16LE code units (FAT long names, exFAT names, GPT partition names). */
export function setUtf16(bytes: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) setU16(bytes, offset + i * 2, text.charCodeAt(i));
}

export const alignUp = (value: number, unit: number): number => Math.ceil(value / unit) * unit;
export const alignDown = (value: number, unit: number): number => Math.floor(value / unit) * unit;

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;
export const SECTOR = 512;
