// Rock Ridge (IEEE P1282) over SUSP (IEEE P1281): entries in a directory record's System Use
// area, possibly continued in CE areas elsewhere on the disc. We use NM (long names), CL/RE
// (deep directories relocated by mkisofs), SL (symbolic links), and SP/ER/RR to detect it.

import { equalsAscii, latin1, u32le, u8 } from './binary.js';
import { readExact, type ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';
import { textDecoder } from '../text-decoder.js';

export interface SystemUse {
  /** Alternate name (NM), when present. */
  name: string | null;
  /** RE: this directory was relocated here; the tree shows it at its CL placeholder instead. */
  relocated: boolean;
  /** CL: this file record stands for the directory at this block. */
  childLink: number | null;
  symlink: boolean;
  /** SP: "BE EF" check bytes and the bytes to skip in every other record's System Use area. */
  sharingProtocol: { skip: number } | null;
  /** An ER entry naming Rock Ridge, or an RR entry (RRIP 1.09). */
  announcesRockRidge: boolean;
}

const ROCK_RIDGE_IDS = ['RRIP_1991A', 'IEEE_P1282', 'IEEE_1282'];
/** CE areas longer than this are not real: a continuation holds a few names' worth of entries. */
const MAX_CONTINUATION_BYTES = 64 * 1024;

export async function readSystemUse(source: ByteSource, blockSize: number, area: Uint8Array): Promise<SystemUse> {
  const result: SystemUse = {
    name: null,
    relocated: false,
    childLink: null,
    symlink: false,
    sharingProtocol: null,
    announcesRockRidge: false,
  };
  let nameParts: string[] | null = null;
  let current: Uint8Array | null = area;
  const visited = new Set<number>();
  for (let hop = 0; current !== null && hop <= LIMITS.maxContinuations; hop++) {
    const bytes: Uint8Array = current;
    current = null;
    let pos = 0;
    while (pos + 4 <= bytes.length) {
      const length = u8(bytes, pos + 2);
      if (length < 4 || pos + length > bytes.length) break;
      const entry = bytes.subarray(pos, pos + length);
      pos += length;
      if (equalsAscii(entry, 0, 'ST')) break;
      if (equalsAscii(entry, 0, 'NM') && length >= 5) {
        const flags = u8(entry, 4);
        // NM flags: bit 1 current directory, bit 2 parent; neither carries a name.
        if ((flags & 0x06) === 0) (nameParts ??= []).push(latin1Raw(entry, 5, length - 5));
      } else if (equalsAscii(entry, 0, 'CE') && length >= 28) {
        const block = u32le(entry, 4); // CE block location (both-endian, LE half)
        const offset = u32le(entry, 12); // CE offset
        const size = Math.min(u32le(entry, 20), MAX_CONTINUATION_BYTES); // CE length
        const start = block * blockSize + offset;
        if (!visited.has(start) && size > 0) {
          visited.add(start);
          current = await readExact(source, start, size, 'a Rock Ridge continuation area');
        }
      } else if (equalsAscii(entry, 0, 'SP') && length >= 7 && u8(entry, 4) === 0xbe && u8(entry, 5) === 0xef) {
        result.sharingProtocol = { skip: u8(entry, 6) };
      } else if (equalsAscii(entry, 0, 'ER') && length >= 8) {
        const id = latin1(entry, 8, Math.min(u8(entry, 4), length - 8));
        if (ROCK_RIDGE_IDS.includes(id)) result.announcesRockRidge = true;
      } else if (equalsAscii(entry, 0, 'RR')) {
        result.announcesRockRidge = true;
      } else if (equalsAscii(entry, 0, 'RE')) {
        result.relocated = true;
      } else if (equalsAscii(entry, 0, 'CL') && length >= 12) {
        result.childLink = u32le(entry, 4);
      } else if (equalsAscii(entry, 0, 'SL')) {
        result.symlink = true;
      }
    }
  }
  if (nameParts !== null) result.name = nameParts.join('');
  return result;
}

/** NM names are bytes in the system's encoding; decode as UTF-8 when valid, else Latin-1. */
function latin1Raw(bytes: Uint8Array, offset: number, length: number): string {
  const slice = bytes.subarray(offset, offset + length);
  try {
    return textDecoder('utf-8', { fatal: true }).decode(slice);
  } catch {
    let out = '';
    for (const c of slice) out += String.fromCharCode(c);
    return out;
  }
}
