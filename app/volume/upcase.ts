// The up-case table of exFAT and Windows: how each UTF-16 code unit compares when case is ignored.
// exFAT stores it on the volume; Microsoft's specification (§7.2.5.1, "Recommended Up-case Table")
// gives one table that every formatter writes, in a compressed form of 5,836 bytes with checksum
// 0xE619D30D. It is rebuilt here from its rules rather than kept as 5,836 bytes of literal data;
// a test compares the result byte for byte with what exfatprogs' mkfs.exfat writes.
// FAT32 uses the same mapping to decide that two names in a folder are the same name.

/** [first code unit, count, delta]: these code units upper-case to themselves plus delta. */
const RUNS: ReadonlyArray<readonly [number, number, number]> = [
  [0x61, 26, -32], [0xe0, 23, -32], [0xf8, 7, -32], [0xff, 1, 121], [0x180, 1, 195], [0x183, 1, -1],
  [0x185, 1, -1], [0x188, 1, -1], [0x18c, 1, -1], [0x192, 1, -1], [0x195, 1, 97], [0x199, 1, -1],
  [0x19a, 1, 163], [0x19e, 1, 130], [0x1a8, 1, -1], [0x1ad, 1, -1], [0x1b0, 1, -1], [0x1b4, 1, -1],
  [0x1b6, 1, -1], [0x1b9, 1, -1], [0x1bd, 1, -1], [0x1bf, 1, 56], [0x1c6, 1, -2], [0x1c9, 1, -2],
  [0x1cc, 1, -2], [0x1dd, 1, -79], [0x1f3, 1, -2], [0x1f5, 1, -1], [0x23a, 1, 10795], [0x23c, 1, -1],
  [0x23e, 1, 10792], [0x242, 1, -1], [0x253, 1, -210], [0x254, 1, -206], [0x256, 2, -205], [0x259, 1, -202],
  [0x25b, 1, -203], [0x260, 1, -205], [0x263, 1, -207], [0x268, 1, -209], [0x269, 1, -211], [0x26b, 1, 10743],
  [0x26f, 1, -211], [0x272, 1, -213], [0x275, 1, -214], [0x27d, 1, 10727], [0x280, 1, -218], [0x283, 1, -218],
  [0x288, 1, -218], [0x289, 1, -69], [0x28a, 2, -217], [0x28c, 1, -71], [0x292, 1, -219], [0x37b, 3, 130],
  [0x3ac, 1, -38], [0x3ad, 3, -37], [0x3b1, 17, -32], [0x3c2, 1, -31], [0x3c3, 9, -32], [0x3cc, 1, -64],
  [0x3cd, 2, -63], [0x3f2, 1, 7], [0x3f8, 1, -1], [0x3fb, 1, -1], [0x430, 32, -32], [0x450, 16, -80],
  [0x4cf, 1, -15], [0x561, 38, -48], [0x1d7d, 1, 3814], [0x1f00, 8, 8], [0x1f10, 6, 8], [0x1f20, 8, 8],
  [0x1f30, 8, 8], [0x1f40, 6, 8], [0x1f51, 1, 8], [0x1f53, 1, 8], [0x1f55, 1, 8], [0x1f57, 1, 8],
  [0x1f60, 8, 8], [0x1f70, 2, 74], [0x1f72, 4, 86], [0x1f76, 2, 100], [0x1f78, 2, 128], [0x1f7a, 2, 112],
  [0x1f7c, 2, 126], [0x1f80, 8, 8], [0x1f90, 8, 8], [0x1fa0, 8, 8], [0x1fb0, 2, 8], [0x1fb3, 1, 9],
  [0x1fcc, 1, -9], [0x1fd0, 2, 8], [0x1fe0, 2, 8], [0x1fe5, 1, 7], [0x1ffc, 1, -9], [0x214e, 1, -28],
  [0x2170, 16, -16], [0x2184, 1, -1], [0x24d0, 26, -26], [0x2c30, 47, -48], [0x2c61, 1, -1], [0x2c76, 1, -1],
  [0x2d00, 38, -7264], [0xff41, 26, -32],
];

/** [first code unit, pairs]: upper/lower pairs (Latin Extended, Cyrillic…): first+2k+1 upper-cases to first+2k. */
const PAIRS: ReadonlyArray<readonly [number, number]> = [
  [0x100, 24], [0x132, 3], [0x139, 8], [0x14a, 23], [0x179, 3], [0x1a0, 3], [0x1cd, 8], [0x1de, 9],
  [0x1f8, 20], [0x222, 9], [0x246, 5], [0x3d8, 12], [0x460, 17], [0x48a, 27], [0x4c1, 7], [0x4d0, 34],
  [0x1e00, 75], [0x1ea0, 45], [0x2c67, 3], [0x2c80, 50],
];

/** [first code unit, count]: the identity stretches the compressed table writes as FFFF, count. */
const COMPRESSED_SKIPS: ReadonlyArray<readonly [number, number]> = [
  [0x587, 6134], [0x2185, 843], [0x24ea, 1862], [0x2d26, 53787],
];

export const UPCASE_TABLE_CHECKSUM = 0xe619d30d;

let mapping: Uint16Array | null = null;

/** Every code unit's upper case (65,536 entries, built once on first use). */
function upcaseMapping(): Uint16Array {
  if (mapping !== null) return mapping;
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < table.length; c++) table[c] = c;
  for (const [first, count, delta] of RUNS) for (let c = first; c < first + count; c++) table[c] = c + delta;
  for (const [first, pairs] of PAIRS) for (let k = 0; k < pairs; k++) table[first + 2 * k + 1] = first + 2 * k;
  mapping = table;
  return table;
}

/** One UTF-16 code unit upper-cased as Windows and exFAT compare names. */
export function upcaseUnit(code: number): number {
  return upcaseMapping()[code & 0xffff] ?? code;
}

/** A name upper-cased code unit by code unit (never changes its length, unlike String#toUpperCase). */
export function upcaseName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return out;
}

/** The compressed up-case table as stored on an exFAT volume (5,836 bytes). */
export function compressedUpcaseTable(): Uint8Array {
  const table = upcaseMapping();
  const units: number[] = [];
  let skip = 0;
  for (let c = 0; c < 0x10000; ) {
    const stretch = COMPRESSED_SKIPS[skip];
    if (stretch !== undefined && stretch[0] === c) {
      units.push(0xffff, stretch[1]);
      c += stretch[1];
      skip += 1;
    } else {
      units.push(table[c] ?? c);
      c += 1;
    }
  }
  const bytes = new Uint8Array(units.length * 2);
  units.forEach((unit, i) => {
    bytes[i * 2] = unit & 0xff;
    bytes[i * 2 + 1] = unit >> 8;
  });
  return bytes;
}

/** exFAT's table checksum (§7.2.2): a rotate-right-and-add over every byte. */
export function upcaseChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = ((sum >>> 1) | ((sum & 1) << 31)) + byte >>> 0;
  return sum >>> 0;
}
