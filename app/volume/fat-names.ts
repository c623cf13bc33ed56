// FAT names (FAT specification, "FAT Long Directory Entries" and "Basis-Name Generation"): every
// file has an 8.3 short name in upper case; a name that is not one gets VFAT long-name entries
// too, and a generated short name with a numeric tail (~1, ~2…) when it had to be shortened or
// changed. A name that is a valid 8.3 name in one case per part ("readme.txt", "README.txt")
// is stored without long-name entries: the case is kept in two DIR_NTRes bits, as Windows NT does.

import { VolumeError } from './errors.js';
import { VOLUME_LIMITS } from './limits.js';
import { upcaseName } from './upcase.js';

/** DIR_NTRes: the base (0x08) or the extension (0x10) is shown in lower case. */
export const LOWER_BASE = 0x08;
export const LOWER_EXTENSION = 0x10;

export const MAX_LONG_NAME = 255;
const UNITS_PER_LONG_ENTRY = 13;

export interface FatName {
  /** The 11 bytes of DIR_Name: base padded to 8, extension padded to 3, upper-case ASCII. */
  short: string;
  /** DIR_NTRes case bits. */
  caseFlags: number;
  /** The name for VFAT long-name entries, or null when the short name (with its case bits) is the name. */
  long: string | null;
}

/** Characters a generated short name may hold besides A–Z and 0–9 (the specification's list, ASCII only). */
const SHORT_SPECIALS = new Set("$%'-_@~`!(){}^#&");
/** Characters no FAT name may hold (the specification's, and Windows', reserved set). */
const FORBIDDEN = new Set('"*/:<>?\\|');

const isShortChar = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SHORT_SPECIALS.has(c);

/** Why `name` cannot be a FAT (or exFAT) file name, or null when it can. */
export function longNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name === '.' || name === '..') return 'it names a folder itself or its parent';
  if (name.length > MAX_LONG_NAME) return `it is ${name.length} characters long; FAT allows ${MAX_LONG_NAME}`;
  if (name.startsWith(' ')) return 'it starts with a space, which FAT drops';
  if (name.endsWith(' ') || name.endsWith('.')) return 'it ends with a space or a dot, which FAT drops';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20) return `it holds the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
    if (FORBIDDEN.has(name.charAt(i))) return `it holds "${name.charAt(i)}", which FAT reserves`;
    // UTF-16 must pair its surrogates: a lone one is not a character any system can show.
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = name.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'it is not valid Unicode (a lone surrogate)';
      i += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return 'it is not valid Unicode (a lone surrogate)';
    }
  }
  return null;
}

/** The short name's 8.3 parts when `name` is a valid 8.3 name in some case, else null. */
function as83(name: string): { base: string; ext: string } | null {
  const dot = name.indexOf('.');
  if (dot !== name.lastIndexOf('.')) return null;
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (base.length < 1 || base.length > 8 || ext.length > 3 || (dot >= 0 && ext.length === 0)) return null;
  // Only ASCII letters change case here: upcaseName would also fold non-ASCII, which short names never hold.
  const upper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
  const text = upper(base) + upper(ext);
  for (let i = 0; i < text.length; i++) if (!isShortChar(text.charAt(i))) return null;
  return { base, ext };
}

/** Lower case only (0x08/0x10 can say so), upper case only, or mixed (needs a long name). */
function caseOf(part: string): 'lower' | 'upper' | 'none' | 'mixed' {
  const lower = /[a-z]/.test(part);
  const upper = /[A-Z]/.test(part);
  return lower && upper ? 'mixed' : lower ? 'lower' : upper ? 'upper' : 'none';
}

const pad = (base: string, ext: string): string => base.padEnd(8, ' ') + ext.padEnd(3, ' ');

/**
 * The basis name of the specification's algorithm, for a name that is not 8.3 as given:
 * upper-cased; characters a short name cannot hold become "_" (lossy); spaces and leading dots
 * dropped; the extension is what follows the last dot (3 characters), the base what precedes
 * it with its dots removed (8 characters). Windows does the same (with its OEM code page where
 * this keeps only ASCII, so "é" becomes "_").
 */
function basisName(name: string): { base: string; ext: string } {
  let text = '';
  for (const c of upcaseName(name)) {
    if (c === ' ') continue;
    text += c === '.' || isShortChar(c) ? c : '_';
  }
  text = text.replace(/^\.+/, '');
  const dot = text.lastIndexOf('.');
  const base = (dot < 0 ? text : text.slice(0, dot)).replace(/\./g, '').slice(0, 8);
  const ext = dot < 0 ? '' : text.slice(dot + 1, dot + 4);
  return { base: base === '' ? '_' : base, ext };
}

/**
 * Short names for every name of one folder, in order. Names that are 8.3 already claim their
 * short names first, so a generated "FOO~1.TXT" never takes the name of a file called that;
 * then the others get the first free numeric tail, in the order given (deterministic).
 * `names` must already be valid and distinct (case-insensitively).
 */
export function assignFatNames(names: readonly string[], folderPath: string): FatName[] {
  const taken = new Set<string>();
  const result: Array<FatName | null> = names.map(() => null);
  names.forEach((name, i) => {
    const parts = as83(name);
    if (parts === null) return;
    const baseCase = caseOf(parts.base);
    const extCase = caseOf(parts.ext);
    const short = pad(parts.base.toUpperCase(), parts.ext.toUpperCase());
    taken.add(short);
    if (baseCase !== 'mixed' && extCase !== 'mixed') {
      const caseFlags = (baseCase === 'lower' ? LOWER_BASE : 0) | (extCase === 'lower' ? LOWER_EXTENSION : 0);
      result[i] = { short, caseFlags, long: null };
    } else {
      result[i] = { short, caseFlags: 0, long: name };
    }
  });
  const nextTail = new Map<string, number>();
  names.forEach((name, i) => {
    if (result[i] !== null) return;
    const { base, ext } = basisName(name);
    const key = pad(base, ext);
    for (let n = nextTail.get(key) ?? 1; ; n++) {
      if (n > VOLUME_LIMITS.maxNumericTail) {
        throw new VolumeError({ reason: 'bad-name', path: folderPath, name, why: 'every short name for it (~1 to ~999999) is taken' });
      }
      const tail = `~${n}`;
      const short = pad(base.slice(0, 8 - tail.length) + tail, ext);
      if (taken.has(short)) continue;
      taken.add(short);
      nextTail.set(key, n + 1);
      result[i] = { short, caseFlags: 0, long: name };
      break;
    }
  });
  return result.map((r) => {
    if (r === null) throw new Error('a name got no short name');
    return r;
  });
}

/** 32-byte directory entries a name takes: its long-name entries and the short entry. */
export function entriesFor(name: FatName): number {
  return name.long === null ? 1 : longEntryCount(name.long) + 1;
}

export function longEntryCount(long: string): number {
  return Math.ceil(long.length / UNITS_PER_LONG_ENTRY);
}

/** LDIR_Chksum: the short name's checksum that ties long-name entries to their short entry. */
export function shortNameChecksum(short: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = ((sum & 1 ? 0x80 : 0) + (sum >> 1) + (short.charCodeAt(i) & 0xff)) & 0xff;
  return sum;
}

const NAME_SLOTS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/** The long-name entries of `long` as they are stored: last part first, flagged 0x40. */
export function writeLongEntries(out: Uint8Array, at: number, long: string, checksum: number): number {
  const count = longEntryCount(long);
  for (let k = 0; k < count; k++) {
    const order = count - k; // 1-based part number, stored in reverse
    const entry = at + k * 32;
    out[entry] = order | (order === count ? 0x40 : 0);
    out[entry + 11] = 0x0f; // ATTR_LONG_NAME
    out[entry + 13] = checksum;
    for (let s = 0; s < UNITS_PER_LONG_ENTRY; s++) {
      const index = (order - 1) * UNITS_PER_LONG_ENTRY + s;
      // After the name: one 0x0000 terminator, then 0xFFFF padding.
      const unit = index < long.length ? long.charCodeAt(index) : index === long.length ? 0 : 0xffff;
      const slot = entry + (NAME_SLOTS[s] ?? 0);
      out[slot] = unit & 0xff;
      out[slot + 1] = unit >> 8;
    }
  }
  return count * 32;
}

/**
 * A FAT volume label as Windows stores it: upper case, at most 11 characters, none of the
 * reserved ones. Refuses what it cannot store rather than changing it; see `toFatLabel` to
 * derive one from any text (an ISO's volume name).
 */
export function fatLabel(label: string): string {
  const upper = label.replace(/[a-z]/g, (c) => c.toUpperCase()).replace(/ +$/, '');
  const bad = (why: string): VolumeError => new VolumeError({ reason: 'bad-label', label, why });
  if (upper.length > 11) throw bad('FAT labels hold at most 11 characters');
  if (upper.startsWith(' ')) throw bad('it starts with a space');
  for (const c of upper) {
    if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) throw bad(`"${c}" is not a character FAT labels hold (ASCII only)`);
    if (LABEL_FORBIDDEN.has(c)) throw bad(`"${c}" is reserved in FAT labels`);
  }
  return upper;
}

const LABEL_FORBIDDEN = new Set('"*+,./:;<=>?[\\]|');

/** Any text made into a label `fatLabel` accepts: upper case, reserved characters as "_", 11 characters. */
export function toFatLabel(text: string): string {
  let out = '';
  for (const c of text.replace(/[a-z]/g, (l) => l.toUpperCase())) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code > 0x7e || LABEL_FORBIDDEN.has(c) ? '_' : c;
  }
  return out.slice(0, 11).replace(/^ +/, '').replace(/ +$/, '');
}
