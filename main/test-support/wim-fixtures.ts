// WIM test images made at test time with wimlib-imagex (Debian wimtools), the tool the WIM code
// is checked against: folders of files (random, incompressible data and text), captured with
// several images and any compression, split, verified, applied and described by wimlib itself.
// Also: a ByteSource over a real file, and the virtual .swm parts written out as files.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ByteSource } from '../../app/inspect/byte-source.js';
import type { WimSplit } from '../../app/wim/index.js';
import { pattern } from './fixtures/content.js';
import { missing } from './prereq.js';

export const WIMLIB = 'wimlib-imagex';

export function wimtoolsMissing(): string | null {
  return missing({ tools: [WIMLIB] });
}

/** Runs wimlib-imagex; returns its standard output, or throws with its messages. */
export function wimlib(args: string[]): string {
  try {
    return execFileSync(WIMLIB, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${WIMLIB} ${args.join(' ')} failed:\n${stderr ?? ''}\n${lastLines(stdout ?? '')}`, { cause: error });
  }
}

function lastLines(text: string): string {
  return text.split(/[\r\n]+/).slice(-5).join('\n');
}

/** A folder's files: relative path → content; a path ending in "/" is an empty folder. */
export type Tree = Record<string, Buffer>;

export function writeTree(dir: string, tree: Tree): string {
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(tree)) {
    const full = join(dir, path);
    if (path.endsWith('/')) {
      mkdirSync(full, { recursive: true });
    } else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return dir;
}

export function readTree(dir: string): Tree {
  const tree: Tree = {};
  const walk = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true });
    if (entries.length === 0 && folder !== dir) tree[`${relative(dir, folder)}/`] = Buffer.alloc(0);
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else tree[relative(dir, full)] = readFileSync(full);
    }
  };
  walk(dir);
  return tree;
}

/** path → "size sha256" of every file: compact to compare, and readable when it differs. */
export function treeDigest(tree: Tree): Record<string, string> {
  const digest: Record<string, string> = {};
  for (const [path, content] of Object.entries(tree)) {
    digest[path] = `${content.length} ${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
  }
  return digest;
}

/** Text that compresses well (every compression type shrinks it). */
export function compressibleText(bytes: number, seed: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `line ${i} of seed ${seed}: the quick brown fox jumps over the lazy dog\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('').slice(0, bytes));
}

/**
 * Three images' folders, sharing some files (so resources have several references and images
 * share data): random data of sizes around the test part size of 1 MiB (one larger, so it gets a
 * part of its own), text, duplicates, empty files and folders, small files.
 */
export function sampleTrees(seed = 1): Tree[] {
  const random = (size: number, n: number): Buffer => pattern(size, seed * 1000 + n);
  const shared = random(300_000, 1);
  const first: Tree = {
    'big.bin': random(1_600_000, 2),
    'text/notes.txt': compressibleText(400_000, seed),
    'data/shared.bin': shared,
    'data/copy of shared.bin': shared,
    'empty.txt': Buffer.alloc(0),
    'empty folder/': Buffer.alloc(0),
    'deep/a/b/c/leaf.txt': Buffer.from('leaf\n'),
  };
  for (let i = 0; i < 12; i++) first[`data/file-${i}.bin`] = random(40_000 + i * 37_000, 10 + i);
  for (let i = 0; i < 20; i++) first[`small/s${i}.dat`] = random(1 + i * 97, 40 + i);
  const second: Tree = {
    'data/shared.bin': shared,
    'other.bin': random(700_000, 3),
    'text/more.txt': compressibleText(120_000, seed + 1),
    'data/file-3.bin': first['data/file-3.bin'] ?? Buffer.alloc(0),
  };
  const third: Tree = { 'only.txt': Buffer.from('a third image\n'), 'random.bin': random(90_000, 4) };
  return [first, second, third];
}

export interface CaptureOptions {
  compress: 'none' | 'xpress' | 'lzx' | 'lzms';
  /** Solid (ESD-style) compression. */
  solid?: boolean;
  /** Add an integrity table. */
  check?: boolean;
  /** Mark image 1 bootable. */
  boot?: boolean;
  pipable?: boolean;
}

/** Captures the first folder as image 1 and appends the others; returns the WIM's path. */
export function captureWim(wimPath: string, folders: string[], options: CaptureOptions): string {
  folders.forEach((folder, i) => {
    const args = i === 0 ? ['capture', folder, wimPath, `image ${i + 1}`, `--compress=${options.compress}`] : ['append', folder, wimPath, `image ${i + 1}`];
    if (i === 0 && options.solid) args.push('--solid');
    if (i === 0 && options.boot) args.push('--boot');
    if (i === 0 && options.pipable) args.push('--pipable');
    if (options.check) args.push('--check');
    wimlib(args);
  });
  return wimPath;
}

/** `wimlib-imagex split` at exactly `partBytes` (its size argument is MiB, fractional allowed). */
export function wimlibSplit(wimPath: string, firstPart: string, partBytes: number): string[] {
  const dir = dirname(firstPart);
  mkdirSync(dir, { recursive: true });
  // partBytes / 2^20 prints as a decimal that parses back to the same double; × 2^20 is exact.
  wimlib(['split', wimPath, firstPart, String(partBytes / (1024 * 1024))]);
  const base = firstPart.slice(dir.length + 1).replace(/\.swm$/, '');
  const parts = [firstPart];
  for (let n = 2; readdirSync(dir).includes(`${base}${n}.swm`); n++) parts.push(join(dir, `${base}${n}.swm`));
  return parts;
}

export interface WimlibInfo {
  guid: string;
  imageCount: number;
  partNumber: number;
  totalParts: number;
  bootIndex: number;
  compression: string;
  imageNames: string[];
}

export function wimlibInfo(path: string): WimlibInfo {
  const text = wimlib(['info', path]);
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  const [part, total] = field('Part Number').split('/');
  return {
    guid: field('GUID').replace(/^0x/, ''),
    imageCount: Number(field('Image Count')),
    partNumber: Number(part),
    totalParts: Number(total),
    bootIndex: Number(field('Boot Index')),
    compression: field('Compression'),
    imageNames: [...text.matchAll(/^Name:\s*(.*)$/gm)].map((m) => (m[1] ?? '').trim()),
  };
}

/** `wimlib-imagex verify` of a split set: checks every image's metadata and every resource's SHA-1. */
export function wimlibVerify(firstPart: string): string {
  return wimlib(['verify', firstPart, `--ref=${join(dirname(firstPart), '*.swm')}`]);
}

export function wimlibApply(firstPart: string, image: number, outDir: string, refs = true): void {
  const args = ['apply', firstPart, String(image), outDir];
  if (refs) args.push(`--ref=${join(dirname(firstPart), '*.swm')}`);
  wimlib(args);
}

/** The GUID as 16 bytes, from wimlib's hex (it prints the bytes in file order). */
export function guidBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** A ByteSource over a real file (what the engine hands the splitter); close it when done. */
export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      const buffer = Buffer.allocUnsafe(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await handle.read(buffer, done, want - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

/** Reads a whole source in `chunk`-byte reads, handing each chunk to `visit`. */
export async function readAll(source: ByteSource, chunk: number, visit: (bytes: Uint8Array, offset: number) => void): Promise<void> {
  for (let offset = 0; offset < source.size; offset += chunk) {
    const bytes = await source.read(offset, Math.min(chunk, source.size - offset));
    if (bytes.length !== Math.min(chunk, source.size - offset)) throw new Error(`short read at ${offset}`);
    visit(bytes, offset);
  }
}

/**
 * Writes each virtual part to a file in `dir`, by its name; returns the paths. With `sparse`,
 * chunks of zeros become holes (the 4 GiB test's data is zeros), so the write costs no disk.
 */
export async function writeParts(split: WimSplit, dir: string, options: { sparse?: boolean } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const part of split.parts) {
    const path = join(dir, part.name);
    const handle = await open(path, 'w');
    try {
      await handle.truncate(part.size);
      let pending: Promise<unknown> = Promise.resolve();
      await readAll(part.source, 4 * 1024 * 1024, (bytes, offset) => {
        if (options.sparse && isAllZero(bytes)) return;
        const copy = Buffer.from(bytes);
        pending = pending.then(() => handle.write(copy, 0, copy.length, offset));
      });
      await pending;
    } finally {
      await handle.close();
    }
    paths.push(path);
  }
  return paths;
}

function isAllZero(bytes: Uint8Array): boolean {
  const aligned = bytes.byteOffset % 4 === 0;
  const words = aligned ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : new Int32Array(0);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  for (let i = words.length * 4; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** A folder on tmpfs when it has room for `bytes` (the 4 GiB test), else under `fallback`. */
export function roomyTempBase(bytes: number, fallback: string): string {
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize > bytes) return '/dev/shm';
  } catch {
    // No /dev/shm on this system: use the ordinary temp folder.
  }
  return fallback;
}

/**
 * A WIM built here, byte by byte, for bounds no real tool would write: `blobs` one-byte resources
 * with distinct hashes, one metadata resource, a lookup table and XML data. Not a usable image
 * (the metadata is not a real directory tree): only the header and lookup table are meaningful.
 */
export function syntheticWim(blobs: number): Uint8Array {
  const entrySize = 50;
  const resourcesAt = 208;
  const metadataAt = resourcesAt + blobs;
  const metadataSize = 64;
  const tableAt = metadataAt + metadataSize;
  const tableSize = (blobs + 1) * entrySize;
  const xml = Buffer.from('\ufeff<WIM><TOTALBYTES>0</TOTALBYTES></WIM>', 'utf16le');
  const xmlAt = tableAt + tableSize;
  const out = Buffer.alloc(xmlAt + xml.length);
  out.write('MSWIM\0\0\0', 0, 'latin1');
  out.writeUInt32LE(208, 8);
  out.writeUInt32LE(0x10d00, 12);
  out.writeUInt16LE(1, 40);
  out.writeUInt16LE(1, 42);
  out.writeUInt32LE(1, 44);
  const reshdr = (at: number, size: number, flags: number, offset: number): void => {
    out.writeUIntLE(size, at, 6);
    out[at + 7] = flags;
    out.writeBigUInt64LE(BigInt(offset), at + 8);
    out.writeBigUInt64LE(BigInt(size), at + 16);
  };
  reshdr(48, tableSize, 2, tableAt);
  reshdr(72, xml.length, 2, xmlAt);
  const entry = (i: number, size: number, flags: number, offset: number): void => {
    const at = tableAt + i * entrySize;
    reshdr(at, size, flags, offset);
    out.writeUInt16LE(1, at + 24);
    out.writeUInt32LE(1, at + 26);
    out.writeUInt32LE(i + 1, at + 30);
    out[at + 49] = 0x5a;
  };
  entry(0, metadataSize, 2, metadataAt);
  for (let i = 0; i < blobs; i++) entry(i + 1, 1, 0, resourcesAt + i);
  xml.copy(out, xmlAt);
  return out;
}
