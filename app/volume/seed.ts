// Deterministic "random" numbers for identifiers that are normally random: the MBR disk
// signature, GPT disk and partition GUIDs, volume serial numbers. Derived from a caller's seed
// (an image's hash and a drive's serial, say) so that the same input gives the same bytes and
// `verify` can check a stick later. Not cryptographic: identifiers only need to differ.

/** `length` bytes derived from (seed, purpose); each purpose gives an independent stream. */
export function deriveBytes(seed: string, purpose: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const text = `${purpose}\u0000${seed}`;
  for (let block = 0; block * 4 < length; block++) {
    // FNV-1a over the text with the block number mixed in, then murmur3's finaliser to spread bits.
    let h = (0x811c9dc5 ^ Math.imul(block + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    for (let k = 0; k < 4 && block * 4 + k < length; k++) out[block * 4 + k] = (h >>> (k * 8)) & 0xff;
  }
  return out;
}

/** A u32 derived from (seed, purpose), never 0 (a zero serial or disk signature reads as "none"). */
export function deriveU32(seed: string, purpose: string): number {
  const b = deriveBytes(seed, purpose, 4);
  const value = ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
  return value === 0 ? 1 : value;
}

/**
 * A GUID in its on-disk byte order (first three fields little-endian), marked as an RFC 4122
 * version-4 GUID like the random ones Windows and sgdisk make.
 */
export function deriveGuid(seed: string, purpose: string): Uint8Array {
  const b = deriveBytes(seed, purpose, 16);
  b[7] = ((b[7] ?? 0) & 0x0f) | 0x40; // version 4 (the high nibble of the little-endian third field)
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  return b;
}

/** A GUID given as text ("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7") in its on-disk byte order. */
export function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a GUID: ${text}`);
  const byte = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, byte);
}

/** A GUID's bytes as text, the inverse of guidBytes. */
export function guidText(bytes: Uint8Array): string {
  const hex = (i: number): string => (bytes[i] ?? 0).toString(16).padStart(2, '0');
  const part = (indexes: number[]): string => indexes.map(hex).join('');
  return [part([3, 2, 1, 0]), part([5, 4]), part([7, 6]), part([8, 9]), part([10, 11, 12, 13, 14, 15])].join('-');
}
