// One way to browse any file system in an image (ISO 9660, UDF, FAT): each format supplies a
// root and a way to list a directory; path lookup, listing and opening are written once here.

import { ImprintError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';

export type EntryKind = 'file' | 'directory' | 'symlink';
export type TreeFormat = 'iso9660' | 'udf' | 'fat';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** Bytes of a file; bytes of directory data for a directory. */
  size: number;
}

export interface TreeEntry<N> extends DirEntry {
  node: N;
}

/** What a format implements; N is its own handle for a directory or file. */
export interface TreeDriver<N> {
  readonly format: TreeFormat;
  readonly root: N;
  children(directory: N): Promise<Array<TreeEntry<N>>>;
  open(file: TreeEntry<N>): Promise<ByteSource>;
}

export interface FileTree {
  readonly format: TreeFormat;
  /** The entry at `path` ('/' or '' is the root), or null when there is none. */
  stat(path: string): Promise<DirEntry | null>;
  /** The entries of the directory at `path`, or null when there is no such directory. */
  list(path: string): Promise<DirEntry[] | null>;
  /** The file at `path` as a byte source, or null when there is no such file. */
  open(path: string): Promise<ByteSource | null>;
}

/** Splits an in-image path; both separators work ("sources/install.wim", "\\EFI\\BOOT"). */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  if (parts.length > LIMITS.maxPathDepth) {
    throw new ImprintError('E_IMAGE_PATH_NOT_FOUND', { path, detail: 'file or folder (the path is too deep)' });
  }
  return parts;
}

/** Exact name first, then case-insensitive (ISO 9660 and FAT names are case-insensitive). */
export function pickByName<E extends { name: string }>(entries: readonly E[], name: string): E | undefined {
  const exact = entries.find((entry) => entry.name === name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return entries.find((entry) => entry.name.toLowerCase() === lower);
}

export function makeFileTree<N>(driver: TreeDriver<N>): FileTree {
  const rootEntry: TreeEntry<N> = { name: '', kind: 'directory', size: 0, node: driver.root };

  async function resolve(path: string): Promise<TreeEntry<N> | null> {
    let current = rootEntry;
    for (const part of splitPath(path)) {
      if (current.kind !== 'directory') return null;
      const next = pickByName(await driver.children(current.node), part);
      if (next === undefined) return null;
      current = next;
    }
    return current;
  }

  return {
    format: driver.format,
    async stat(path) {
      const entry = await resolve(path);
      return entry === null ? null : publicEntry(entry);
    },
    async list(path) {
      const entry = await resolve(path);
      if (entry === null || entry.kind !== 'directory') return null;
      return (await driver.children(entry.node)).map(publicEntry);
    },
    async open(path) {
      const entry = await resolve(path);
      if (entry === null || entry.kind !== 'file') return null;
      return driver.open(entry);
    },
  };
}

function publicEntry(entry: DirEntry): DirEntry {
  return { name: entry.name, kind: entry.kind, size: entry.size };
}

/**
 * Several views of one image (an ISO 9660 tree and a UDF tree on a bridge disc): a path is looked
 * up in each in turn, and a directory lists the union of the views that hold it. Windows
 * installers hide their files from the ISO 9660 tree; UDF shows them.
 */
export function layeredTree(trees: readonly FileTree[]): FileTree | null {
  const first = trees[0];
  if (first === undefined) return null;
  if (trees.length === 1) return first;

  /** Asks each view in turn; a view that finds damage gives way to the next, and the damage is reported only if none answers. */
  async function eachTree<T>(ask: (tree: FileTree) => Promise<T | null>, done: (answer: T) => boolean): Promise<T | null> {
    let damage: ImprintError | null = null;
    let answered = false;
    for (const tree of trees) {
      try {
        const answer = await ask(tree);
        if (answer !== null) {
          answered = true;
          if (done(answer)) return answer;
        }
      } catch (error) {
        if (!(error instanceof ImprintError) || error.code !== 'E_IMAGE_CORRUPT') throw error;
        damage ??= error;
      }
    }
    if (!answered && damage !== null) throw damage;
    return null;
  }

  return {
    format: first.format,
    stat: (path) => eachTree((tree) => tree.stat(path), () => true),
    open: (path) => eachTree((tree) => tree.open(path), () => true),
    async list(path) {
      let merged: DirEntry[] | null = null;
      const seen = new Set<string>();
      await eachTree(
        (tree) => tree.list(path),
        (entries) => {
          merged ??= [];
          for (const entry of entries) {
            const key = entry.name.toLowerCase();
            if (seen.has(key)) continue;
            seen.add(key);
            merged.push(entry);
          }
          return false;
        },
      );
      return merged;
    },
  };
}
