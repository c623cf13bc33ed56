// Checksums of the image file as downloaded (not the decoded stream): streamed hashing, the sums
// formats distributions publish, and sidecar files found next to the image. The algorithms are
// those of app/hash-algorithms.ts; the one lookup of an image's line in a sums file is here
// (lookUpSumsFile), for the CLI and the window alike.

import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ImprintError, isImprintError } from '../../app/errors.js';
import { algorithmForHexLength, HASH_ALGORITHMS, hashLabelList, type HashAlgorithm } from '../../app/hash-algorithms.js';
import { hashImageFile } from './sources/image-file.js';

/** The engine's name for app/hash-algorithms.ts's HashAlgorithm (sources and flash use it). */
export type Algorithm = HashAlgorithm;

export function algorithmForHex(hex: string): Algorithm | null {
  return algorithmForHexLength(hex.length);
}

export function normalizeHex(text: string): string | null {
  const hex = text.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(hex) && algorithmForHex(hex) !== null ? hex : null;
}

/**
 * The checksum of the image file as downloaded: a regular file only (a FIFO would hang, /dev/zero
 * never end), opened once, read in chunks with the signal checked between them (image-file.ts).
 */
export function hashFile(path: string, algorithm: Algorithm, signal?: AbortSignal): Promise<string> {
  return hashImageFile(path, algorithm, signal);
}

/** Checksum files are a few lines per image; distributions' largest SUMS files are a few KiB. */
export const MAX_SUMS_BYTES = 1024 * 1024;
/** O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused right after, by fstat). */
const SUMS_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK || 0) | (constants.O_NOCTTY || 0);

/**
 * Reads a checksum file: opened once, checked with fstat to be a regular file of at most
 * MAX_SUMS_BYTES before a byte is read, then read through that handle (never more than the limit,
 * even if the file grows meanwhile). Anything else is E_CHECKSUM_FILE_UNUSABLE.
 */
export async function readChecksumFile(path: string): Promise<string> {
  const unusable = (detail: string): ImprintError => new ImprintError('E_CHECKSUM_FILE_UNUSABLE', { path, detail });
  let handle;
  try {
    handle = await open(path, SUMS_OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unusable(code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : `it cannot be opened: ${code ?? String(error)}`);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw unusable('it is a folder');
    if (!st.isFile()) throw unusable('it is not a regular file: a device, a named pipe or a socket has no fixed content');
    if (st.size > MAX_SUMS_BYTES) throw unusable(`it holds ${st.size} bytes; a checksum file is a small text file of at most ${MAX_SUMS_BYTES} bytes`);
    const buffer = Buffer.alloc(MAX_SUMS_BYTES + 1);
    let filled = 0;
    for (let n = 1; n > 0 && filled < buffer.length; filled += n) {
      ({ bytesRead: n } = await handle.read(buffer, filled, buffer.length - filled, filled));
    }
    if (filled > MAX_SUMS_BYTES) throw unusable(`it grew past ${MAX_SUMS_BYTES} bytes while being read`);
    return buffer.toString('utf8', 0, filled);
  } catch (error) {
    if (isImprintError(error)) throw error;
    throw unusable(`it cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    await handle.close();
  }
}

export interface SumsEntry {
  algorithm: Algorithm | null;
  hex: string;
  name: string | null;
}

const TAGS = HASH_ALGORITHMS.map((a) => a.name.toUpperCase()).join('|');
/** BSD / Fedora: `SHA256 (name) = hex`, the tag being one of the table's algorithms. */
const BSD_LINE = new RegExp(`^(${TAGS})\\s*\\((.+)\\)\\s*=\\s*([0-9a-fA-F]+)\\s*$`);
const GNU_LINE = /^([0-9a-fA-F]+)\s+[ *]?(.+?)\s*$/;

/** Parses GNU coreutils (`hex  name`, `hex *name`), BSD/Fedora (`SHA256 (name) = hex`) and bare-hex files. */
export function parseSums(text: string): SumsEntry[] {
  const entries: SumsEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('-----')) continue;
    const bsd = BSD_LINE.exec(line);
    if (bsd?.[1] && bsd[2] && bsd[3]) {
      const hex = normalizeHex(bsd[3]);
      const tag = bsd[1].toLowerCase();
      if (hex) entries.push({ algorithm: HASH_ALGORITHMS.find((a) => a.name === tag)?.name ?? null, hex, name: bsd[2] });
      continue;
    }
    const gnu = GNU_LINE.exec(line);
    if (gnu?.[1] && gnu[2]) {
      const hex = normalizeHex(gnu[1]);
      if (hex) entries.push({ algorithm: algorithmForHex(hex), hex, name: gnu[2].replace(/^\*/, '') });
      continue;
    }
    const bare = normalizeHex(line);
    if (bare) entries.push({ algorithm: algorithmForHex(bare), hex: bare, name: null });
  }
  return entries;
}

/** The entry for `fileName` (by base name), or the only nameless entry of a bare `.sha256` file. */
export function findEntry(entries: SumsEntry[], fileName: string): SumsEntry | null {
  const named = entries.find((e) => e.name !== null && basename(e.name.replace(/\\/g, '/')) === fileName);
  if (named) return named;
  const bare = entries.filter((e) => e.name === null);
  return bare.length === 1 ? (bare[0] ?? null) : null;
}

/** `SHA256SUMS`, `MD5SUMS` … (one per algorithm), and Fedora-style `*-CHECKSUM` files. */
const SIDECAR_PATTERNS = [...HASH_ALGORITHMS.map((a) => new RegExp(`^${a.sidecar}SUMS$`, 'i')), /CHECKSUM/i];

/** A checksum file next to the image that names it: `<image>.sha256` first, then SHA256SUMS-style files. */
export async function findChecksumSidecar(imagePath: string): Promise<string | null> {
  const folder = dirname(imagePath);
  const name = basename(imagePath);
  const files = await readdir(folder).catch(() => [] as string[]);
  const direct = HASH_ALGORITHMS.map((a) => `${name}.${a.sidecar}`).filter((f) => files.includes(f));
  const named = files.filter((f) => SIDECAR_PATTERNS.some((p) => p.test(f))).sort();
  for (const file of [...direct, ...named]) {
    // A candidate that is not a small regular file is not a checksum file: passed over, never read whole.
    const text = await readChecksumFile(join(folder, file)).catch(() => null);
    if (text !== null && (direct.includes(file) || findEntry(parseSums(text), name))) return join(folder, file);
  }
  return null;
}

export interface ChecksumCheck {
  algorithm: Algorithm;
  expected: string;
  actual: string;
  matches: boolean;
}

/** The expected checksum of an image, and where it came from ("--expect", a sums file's path). */
export interface ExpectedSum {
  algorithm: Algorithm;
  hex: string;
  from: string;
}

/**
 * The image's line in a checksum file: the one lookup both the CLI (--sums, sidecars) and the window
 * ("Check with a checksum file…") use. A file without a line for the image is E_CHECKSUM_NOT_LISTED
 * (nothing was checked), never a mismatch: the image was not compared with anything.
 */
export async function lookUpSumsFile(imagePath: string, sumsPath: string): Promise<ExpectedSum> {
  // A regular file of at most 1 MiB, checked before it is read: a FIFO or /dev/zero is refused.
  const text = await readChecksumFile(sumsPath);
  const entry = findEntry(parseSums(text), basename(imagePath));
  const algorithm = entry ? (entry.algorithm ?? algorithmForHex(entry.hex)) : null;
  if (!entry || !algorithm) throw new ImprintError('E_CHECKSUM_NOT_LISTED', { path: sumsPath, detail: basename(imagePath) });
  return { algorithm, hex: entry.hex, from: sumsPath };
}

/** Hashes the image with the algorithm the expected value implies and compares. */
export async function checkAgainst(imagePath: string, expectedHex: string, signal?: AbortSignal): Promise<ChecksumCheck> {
  const expected = normalizeHex(expectedHex);
  const algorithm = expected ? algorithmForHex(expected) : null;
  if (!expected || !algorithm) {
    throw new ImprintError('E_USAGE', { detail: `The expected checksum is not an ${hashLabelList()} hex string.` });
  }
  const actual = await hashFile(imagePath, algorithm, signal);
  return { algorithm, expected, actual, matches: actual === expected };
}

/** Finds the image's line in a sums file and checks the image against it. */
export async function checkAgainstSumsFile(imagePath: string, sumsPath: string, signal?: AbortSignal): Promise<ChecksumCheck> {
  const expected = await lookUpSumsFile(imagePath, sumsPath);
  return checkAgainst(imagePath, expected.hex, signal);
}
