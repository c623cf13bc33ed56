// Browsing and copying files out of an image without mounting it ("imprint ls", "imprint
// extract"): the ISO 9660 tree (Rock Ridge or Joliet names when present) layered over UDF,
// or a FAT file system that fills the whole image.

import { ImprintError, isImprintError } from '../errors.js';
import { corrupt } from './binary.js';
import { CachingSource, type ByteSource } from './byte-source.js';
import { parseFatBootSector } from './fat.js';
import { fatFileTree } from './fat-tree.js';
import { layeredTree, type DirEntry, type FileTree } from './file-tree.js';
import { detectRockRidge, isoFileTree, type IsoNames } from './iso9660-tree.js';
import { readIsoVolume, type IsoVolume } from './iso9660.js';
import { readSector0 } from './partitions.js';
import { openUdfTree } from './udf-tree.js';
import { readUdfVolume, type UdfVolume } from './udf.js';

export interface ImageFileSystems {
  iso: IsoVolume | null;
  isoNames: IsoNames | null;
  udf: UdfVolume | null;
  /** Browsable views, best first. */
  trees: FileTree[];
  /** Damage met while opening them, in plain words, per file system. */
  damage: Array<{ filesystem: 'ISO 9660' | 'UDF' | 'FAT'; error: ImprintError }>;
  /** Set when a compressed image's decode limit stopped a file system from being read (E_INSPECT_LIMIT). */
  limit: ImprintError | null;
}

/** Opens every file system Imprint can browse at the start of the image. Only I/O errors are thrown. */
export async function openFileSystems(source: ByteSource): Promise<ImageFileSystems> {
  const result: ImageFileSystems = { iso: null, isoNames: null, udf: null, trees: [], damage: [], limit: null };
  const attempt = async <T>(filesystem: 'ISO 9660' | 'UDF' | 'FAT', work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (isImprintError(error) && error.code === 'E_INSPECT_LIMIT') {
        result.limit = error;
        return null;
      }
      if (!isImprintError(error) || error.code !== 'E_IMAGE_CORRUPT') throw error;
      result.damage.push({ filesystem, error });
      return null;
    }
  };

  result.iso = await attempt('ISO 9660', () => readIsoVolume(source));
  const iso = result.iso;
  if (iso !== null) {
    const rockRidge = await attempt('ISO 9660', () => detectRockRidge(source, iso));
    const names: IsoNames = rockRidge !== null ? 'rockridge' : iso.jolietRoot !== null ? 'joliet' : 'plain';
    result.isoNames = names;
    result.trees.push(isoFileTree(source, iso, names, rockRidge?.skip ?? 0));
  }
  result.udf = await attempt('UDF', () => readUdfVolume(source));
  const udf = result.udf;
  if (udf !== null) {
    const tree = await attempt('UDF', () => openUdfTree(source, udf));
    if (tree !== null) result.trees.push(tree);
  }
  if (result.trees.length === 0) {
    const sector0 = await readSector0(source);
    const fat = sector0 === null ? null : parseFatBootSector(sector0);
    if (fat !== null) result.trees.push(fatFileTree(source, fat));
  }
  return result;
}

/** The image's files as one tree; throws E_IMAGE_NOT_BROWSABLE (or the damage found) when there is none. */
export async function openImageTree(source: ByteSource, imagePath: string): Promise<FileTree> {
  // Small metadata reads (FAT entries, UDF file entries) come from cached blocks; file data passes through.
  const systems = await openFileSystems(source instanceof CachingSource ? source : new CachingSource(source));
  const tree = layeredTree(systems.trees);
  if (tree !== null) return tree;
  const first = systems.damage[0];
  if (first !== undefined) throw new ImprintError('E_IMAGE_CORRUPT', { ...first.error.context, path: imagePath });
  throw new ImprintError('E_IMAGE_NOT_BROWSABLE', { path: imagePath });
}

/** Lists a directory inside the image ("" or "/" for the root); a file path lists that file alone. */
export async function listImageDirectory(source: ByteSource, imagePath: string, path: string): Promise<DirEntry[]> {
  const tree = await openImageTree(source, imagePath);
  try {
    const entries = await tree.list(path);
    if (entries !== null) return entries;
    const entry = await tree.stat(path);
    if (entry !== null) return [entry];
  } catch (error) {
    throw withImagePath(error, imagePath);
  }
  throw new ImprintError('E_IMAGE_PATH_NOT_FOUND', { path });
}

/** Opens a file inside the image for reading. */
export async function openImageFile(source: ByteSource, imagePath: string, path: string): Promise<ByteSource> {
  const tree = await openImageTree(source, imagePath);
  let entry;
  try {
    const file = await tree.open(path);
    // Extents may repeat or claim zeros (ISO multi-extent records, UDF unrecorded extents): a size
    // beyond the image's own is a hostile claim, and "extract" would fill the disk writing it.
    if (file !== null && file.size > source.size) {
      throw corrupt(`the file "${path}" claims ${file.size} bytes, more than the ${source.size} bytes of the whole image`);
    }
    if (file !== null) return file;
    entry = await tree.stat(path);
  } catch (error) {
    throw withImagePath(error, imagePath);
  }
  throw new ImprintError('E_IMAGE_PATH_NOT_FOUND', { path, detail: entry === null ? undefined : 'file' });
}

/** Names the image in a damage report raised by a parser (which does not know the file's path). */
export function withImagePath(error: unknown, imagePath: string): unknown {
  if (error instanceof ImprintError && error.code === 'E_IMAGE_CORRUPT' && error.context.path === undefined) {
    return new ImprintError('E_IMAGE_CORRUPT', { ...error.context, path: imagePath });
  }
  return error;
}
