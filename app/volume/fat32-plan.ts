// A tree checked and named for FAT32, independent of the volume's size: every folder's entries
// (short names, long names, case bits) and how many 32-byte entries each folder takes, every
// file's size and source. Folders are visited breadth first without recursion, and every count
// is bounded (VOLUME_LIMITS), so a hostile or cyclic tree ends in a typed error.

import type { ByteSource } from '../inspect/byte-source.js';
import { VolumeError } from './errors.js';
import { assignFatNames, entriesFor, longNameProblem, type FatName } from './fat-names.js';
import { FAT32_MAX_FILE_SIZE, VOLUME_LIMITS } from './limits.js';
import { joinPath, type VolumeEntry } from './tree.js';
import { upcaseName } from './upcase.js';

export interface PlannedChild {
  name: FatName;
  kind: 'file' | 'folder';
  /** Index into `folders` or `files`. */
  index: number;
}

export interface PlannedFolder {
  path: string;
  /** Index of the parent folder; -1 for the root. */
  parent: number;
  children: PlannedChild[];
  /** 32-byte entries: ".", ".." (or the label in the root) and every child's entries. */
  entryCount: number;
}

export interface PlannedFile {
  path: string;
  size: number;
  source: ByteSource;
}

export interface Fat32Plan {
  /** Breadth first; folders[0] is the root. */
  folders: PlannedFolder[];
  /** In the order their folders list them, folders breadth first. */
  files: PlannedFile[];
}

export function planFat32(root: readonly VolumeEntry[], hasLabel: boolean): Fat32Plan {
  const folders: PlannedFolder[] = [];
  const files: PlannedFile[] = [];
  const pending: Array<{ children: readonly VolumeEntry[]; index: number; depth: number }> = [];
  let seen = 0;

  const addFolder = (path: string, parent: number, children: readonly VolumeEntry[], depth: number): number => {
    const index = folders.length;
    folders.push({ path, parent, children: [], entryCount: parent < 0 ? (hasLabel ? 1 : 0) : 2 });
    pending.push({ children, index, depth });
    return index;
  };
  addFolder('/', -1, root, 0);

  for (let next = 0; next < pending.length; next++) {
    const job = pending[next];
    const folder = job === undefined ? undefined : folders[job.index];
    if (job === undefined || folder === undefined) break;
    seen += job.children.length;
    if (seen > VOLUME_LIMITS.maxEntries) throw new VolumeError({ reason: 'too-many-entries', count: seen, limit: VOLUME_LIMITS.maxEntries });
    const names = checkNames(job.children, folder.path);
    const fatNames = assignFatNames(names, folder.path);
    job.children.forEach((entry, i) => {
      const name = fatNames[i];
      if (name === undefined) return;
      const path = joinPath(folder.path, entry.name);
      folder.entryCount += entriesFor(name);
      if (entry.kind === 'folder') {
        if (job.depth + 1 > VOLUME_LIMITS.maxDepth) {
          throw new VolumeError({ reason: 'too-deep', path, depth: job.depth + 1, limit: VOLUME_LIMITS.maxDepth });
        }
        folder.children.push({ name, kind: 'folder', index: addFolder(path, job.index, entry.children, job.depth + 1) });
      } else {
        checkFile(path, entry.size, entry.source);
        folder.children.push({ name, kind: 'file', index: files.length });
        files.push({ path, size: entry.size, source: entry.source });
      }
    });
    if (folder.entryCount > VOLUME_LIMITS.maxDirectoryEntries) {
      throw new VolumeError({ reason: 'folder-too-large', path: folder.path, entries: folder.entryCount, limit: VOLUME_LIMITS.maxDirectoryEntries });
    }
  }
  return { folders, files };
}

/** Each name valid for FAT and distinct from the others once case is ignored. */
function checkNames(children: readonly VolumeEntry[], folderPath: string): string[] {
  const byUpper = new Map<string, string>();
  return children.map((entry) => {
    const name: unknown = entry.name;
    if (typeof name !== 'string') throw new VolumeError({ reason: 'bad-name', path: folderPath, name: String(name), why: 'it is not text' });
    const why = longNameProblem(name);
    if (why !== null) throw new VolumeError({ reason: 'bad-name', path: folderPath, name, why });
    const upper = upcaseName(name);
    const other = byUpper.get(upper);
    if (other !== undefined) throw new VolumeError({ reason: 'duplicate-name', path: folderPath, name, other });
    byUpper.set(upper, name);
    return name;
  });
}

function checkFile(path: string, size: number, source: ByteSource): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new VolumeError({ reason: 'bad-parameter', what: `the size of "${path}"`, value: String(size), why: 'it must be a whole number of bytes' });
  }
  if (size > FAT32_MAX_FILE_SIZE) throw new VolumeError({ reason: 'file-too-large', path, size, limit: FAT32_MAX_FILE_SIZE });
  if (source.size !== size) {
    throw new VolumeError({ reason: 'bad-parameter', what: `the content of "${path}"`, value: `${source.size} bytes`, why: `the file is ${size} bytes` });
  }
}

/** Clusters the plan occupies with clusters of `clusterBytes`: each folder at least one, files rounded up. */
export function clustersNeeded(plan: Fat32Plan, clusterBytes: number): number {
  let clusters = 0;
  for (const folder of plan.folders) clusters += Math.max(1, Math.ceil((folder.entryCount * 32) / clusterBytes));
  for (const file of plan.files) clusters += Math.ceil(file.size / clusterBytes);
  return clusters;
}
