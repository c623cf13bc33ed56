// Virtual volumes and disks (app/volume) as real files, so tools nobody here wrote (fsck.fat,
// mtools, fsck.exfat, blkid, sfdisk, sgdisk) can judge them. Files are sparse: only the ranges
// asked for are written, and chunks of zeros are skipped, so a 3 TiB disk costs its metadata.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, lstatSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteSource } from '../../app/inspect/byte-source.js';
import type { FileTree } from '../../app/inspect/file-tree.js';
import { VolumeError, type VolumeProblem } from '../../app/volume/errors.js';
import type { VolumeEntry } from '../../app/volume/tree.js';

const CHUNK = 4 * 1024 * 1024;

export interface Range {
  offset: number;
  length: number;
}

/**
 * Writes `source` into `path` at the same offsets. `ranges` limits what is written (the disk's
 * write extents, say); without it, every byte. With `overwrite`, an existing file keeps its
 * content outside the ranges (an "old stick" the new structures are written over) and zero
 * chunks are written too; otherwise the file is created empty and zero chunks are skipped.
 */
export async function writeSourceToFile(
  path: string,
  source: ByteSource,
  options: { ranges?: readonly Range[]; overwrite?: boolean } = {},
): Promise<void> {
  const fd = openSync(path, options.overwrite === true ? 'r+' : 'w');
  try {
    ftruncateSync(fd, source.size);
    for (const range of options.ranges ?? [{ offset: 0, length: source.size }]) {
      const end = Math.min(source.size, range.offset + range.length);
      for (let at = range.offset; at < end; at += CHUNK) {
        const length = Math.min(CHUNK, end - at);
        const bytes = await source.read(at, length);
        if (bytes.length !== length) throw new Error(`the source gave ${bytes.length} of ${length} bytes at ${at}`);
        if (options.overwrite !== true && allZero(bytes)) continue;
        writeSync(fd, bytes, 0, length, at);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** `length` bytes of a (large, sparse) file from `offset`. */
export function readFileRange(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(length);
    const got = readSync(fd, out, 0, length, offset);
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Deterministic pseudo-random content of any size, generated per read (big files cost no memory). */
export function patternSource(size: number, seed: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const start = Math.max(0, Math.min(offset, size));
      const end = Math.min(size, start + Math.max(0, length));
      const out = new Uint8Array(end - start);
      for (let i = start; i < end; i++) out[i - start] = patternByte(i, seed);
      return Promise.resolve(out);
    },
  };
}

function patternByte(position: number, seed: number): number {
  // A cheap integer hash of (position, seed): neighbouring bytes differ, no period a file could align with.
  let x = (Math.floor(position / 4) ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return (x >>> ((position % 4) * 8)) & 0xff;
}

/** Every byte of a source (small sources only). */
export async function readAllOf(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a checker, capturing its output whatever its exit status (fsck's status is part of the answer). */
export function run(command: string, args: readonly string[], env: Record<string, string> = {}): ToolRun {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a tool that must succeed and returns its standard output (its chatter on stderr is kept in the error if it fails). */
export function toolOutput(command: string, args: readonly string[], env: Record<string, string> = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** mtools reads an image at an offset with `file@@offset`; MTOOLS_SKIP_CHECK keeps it from refusing odd geometries. */
export const MTOOLS_ENV = { MTOOLS_SKIP_CHECK: '1', MTOOLS_NO_VFAT: '0', MTOOLS_LOWER_CASE: '0' };

/** What a tree should look like once extracted: path → "folder" or the file's size and SHA-256. */
export type TreeListing = Map<string, 'folder' | { size: number; sha256: string }>;

/** The listing of a tree given to a volume builder (every file's source read once, in chunks). */
export async function listVolumeTree(root: readonly VolumeEntry[]): Promise<TreeListing> {
  const listing: TreeListing = new Map();
  const pending: Array<{ path: string; entries: readonly VolumeEntry[] }> = [{ path: '', entries: root }];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    for (const entry of next.entries) {
      const path = `${next.path}/${entry.name}`;
      if (entry.kind === 'folder') {
        listing.set(path, 'folder');
        pending.push({ path, entries: entry.children });
      } else {
        listing.set(path, { size: entry.size, sha256: await sourceSha256(entry.source) });
      }
    }
  }
  return listing;
}

export async function sourceSha256(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < source.size; at += CHUNK) hash.update(await source.read(at, Math.min(CHUNK, source.size - at)));
  return hash.digest('hex');
}

/** The listing of a folder on this machine's disk (what mcopy extracted). */
export function listFolder(dir: string): TreeListing {
  const listing: TreeListing = new Map();
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      const path = `${prefix}/${name}`;
      if (lstatSync(full).isDirectory()) {
        listing.set(path, 'folder');
        walk(full, path);
      } else {
        const bytes = readFileSync(full);
        listing.set(path, { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
    }
  };
  walk(dir, '');
  return listing;
}

/** Sorted entries, for readable test failures. */
export function sortedListing(listing: TreeListing): Array<[string, 'folder' | { size: number; sha256: string }]> {
  return [...listing.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every folder and file (size, SHA-256) of a file tree read with Imprint's own reader. */
export async function listFileTree(tree: FileTree): Promise<TreeListing> {
  const listing: TreeListing = new Map();
  const pending = [''];
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    for (const entry of (await tree.list(path === '' ? '/' : path)) ?? []) {
      const full = `${path}/${entry.name}`;
      if (entry.kind === 'directory') {
        listing.set(full, 'folder');
        pending.push(full);
      } else {
        const source = await tree.open(full);
        if (source === null) throw new Error(`cannot open ${full}`);
        listing.set(full, { size: entry.size, sha256: await sourceSha256(source) });
      }
    }
  }
  return listing;
}

/** The typed problem of the VolumeError that `work` throws (fails when it throws none). */
export function volumeProblemOf(work: () => unknown): VolumeProblem {
  try {
    work();
  } catch (error) {
    if (error instanceof VolumeError) return error.problem;
    throw error;
  }
  throw new Error('no VolumeError');
}
