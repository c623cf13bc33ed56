// FAT directories and cluster chains (Microsoft FAT specification, "FAT Directory Structure",
// "Long File Names"): 32-byte entries, VFAT long names checked against their short name.

import { corrupt, latin1, u16le, u32le, u8, ucs2le } from './binary.js';
import { extentSource, readExact, type ByteSource, type Extent } from './byte-source.js';
import type { FatVolume } from './fat.js';
import { makeFileTree, type FileTree, type TreeEntry } from './file-tree.js';
import { LIMITS } from './limits.js';

interface FatNode {
  /** First cluster; 0 is the fixed FAT12/16 root directory. */
  cluster: number;
}

const ATTR_VOLUME_ID = 0x08;
const ATTR_DIRECTORY = 0x10;
const ATTR_LONG_NAME = 0x0f;
const ENTRY = 32;

export function fatFileTree(source: ByteSource, volume: FatVolume): FileTree {
  const clusterBytes = volume.sectorsPerCluster * volume.bytesPerSector;
  const fatOffset = volume.reservedSectors * volume.bytesPerSector;
  const maxCluster = volume.clusterCount + 1;
  const endOfChain = volume.type === 'fat12' ? 0xff8 : volume.type === 'fat16' ? 0xfff8 : 0x0ffffff8;

  async function next(cluster: number): Promise<number> {
    if (volume.type === 'fat32') {
      return u32le(await readExact(source, fatOffset + cluster * 4, 4, 'the FAT'), 0) & 0x0fffffff;
    }
    if (volume.type === 'fat16') return u16le(await readExact(source, fatOffset + cluster * 2, 2, 'the FAT'), 0);
    // FAT12: 12-bit entries packed three bytes per two clusters.
    const pair = u16le(await readExact(source, fatOffset + Math.floor(cluster * 1.5), 2, 'the FAT'), 0);
    return cluster % 2 === 0 ? pair & 0x0fff : pair >> 4;
  }

  /** Follows a chain into runs of contiguous clusters; stops after `limitBytes` when given. */
  async function chain(first: number, limitBytes: number | null): Promise<Extent[]> {
    const extents: Extent[] = [];
    let cluster = first;
    let total = 0;
    const maxSteps = Math.min(volume.clusterCount, LIMITS.maxFatClusters);
    for (let step = 0; ; step++) {
      if (cluster < 2 || cluster > maxCluster) throw corrupt(`a FAT cluster chain points at cluster ${cluster}`);
      // More steps than clusters means the chain loops back on itself.
      if (step >= maxSteps) throw corrupt('a FAT cluster chain loops');
      const offset = (volume.firstDataSector + (cluster - 2) * volume.sectorsPerCluster) * volume.bytesPerSector;
      const last = extents[extents.length - 1];
      if (last !== undefined && last.offset !== null && last.offset + last.length === offset) last.length += clusterBytes;
      else extents.push({ offset, length: clusterBytes });
      total += clusterBytes;
      if (limitBytes !== null && total >= limitBytes) break;
      if (limitBytes === null && total > LIMITS.maxDirectoryBytes) throw corrupt('a FAT directory is impossibly large');
      cluster = await next(cluster);
      if (cluster >= endOfChain) break;
    }
    if (limitBytes !== null && total < limitBytes) throw corrupt('a FAT file is longer than its cluster chain');
    return extents;
  }

  async function directoryBytes(node: FatNode): Promise<Uint8Array> {
    if (node.cluster === 0 && volume.type !== 'fat32') {
      const start = (volume.reservedSectors + volume.fatCount * volume.sectorsPerFat) * volume.bytesPerSector;
      return readExact(source, start, volume.rootEntryCount * ENTRY, 'the FAT root directory');
    }
    const extents = await chain(node.cluster === 0 ? volume.rootCluster : node.cluster, null);
    const size = extents.reduce((sum, e) => sum + e.length, 0);
    const dir = extentSource(source, extents);
    return readExact(dir, 0, size, 'a FAT directory');
  }

  async function children(node: FatNode): Promise<Array<TreeEntry<FatNode>>> {
    const data = await directoryBytes(node);
    const entries: Array<TreeEntry<FatNode>> = [];
    let longName: { parts: string[]; checksum: number } | null = null;
    for (let pos = 0; pos + ENTRY <= data.length; pos += ENTRY) {
      const first = u8(data, pos);
      if (first === 0x00) break; // DIR_Name[0] = 0: no entries follow
      if (first === 0xe5) {
        longName = null;
        continue;
      }
      const attributes = u8(data, pos + 11); // DIR_Attr
      if ((attributes & 0x3f) === ATTR_LONG_NAME) {
        const order = first & 0x1f; // LDIR_Ord (0x40 marks the last, stored first)
        const text = ucs2le(data, pos + 1, 10) + ucs2le(data, pos + 14, 12) + ucs2le(data, pos + 28, 4);
        const checksum = u8(data, pos + 13); // LDIR_Chksum
        if (first & 0x40 || longName === null) longName = { parts: [], checksum };
        longName.parts[order] = text.replace(/\uffff/g, '');
        continue;
      }
      const shortRaw = data.subarray(pos, pos + 11);
      const long = longName !== null && longName.checksum === shortNameChecksum(shortRaw) ? longName.parts.join('') : null;
      longName = null;
      if (attributes & ATTR_VOLUME_ID) continue;
      const name = long !== null && long !== '' ? long : shortName(data, pos);
      if (name === '.' || name === '..') continue;
      if (entries.length >= LIMITS.maxDirectoryEntries) throw corrupt('a FAT directory has too many entries');
      const cluster = (volume.type === 'fat32' ? u16le(data, pos + 20) << 16 : 0) | u16le(data, pos + 26); // DIR_FstClusHI/LO
      const isDirectory = (attributes & ATTR_DIRECTORY) !== 0;
      entries.push({
        name,
        kind: isDirectory ? 'directory' : 'file',
        size: isDirectory ? 0 : u32le(data, pos + 28), // DIR_FileSize
        node: { cluster: cluster >>> 0 },
      });
    }
    return entries;
  }

  return makeFileTree<FatNode>({
    format: 'fat',
    root: { cluster: 0 },
    children,
    async open(entry) {
      if (entry.size === 0) return extentSource(source, []);
      const extents = await chain(entry.node.cluster, entry.size);
      const last = extents[extents.length - 1];
      const total = extents.reduce((sum, e) => sum + e.length, 0);
      if (last !== undefined) last.length -= total - entry.size;
      for (const extent of extents) {
        if (extent.offset !== null && extent.offset + extent.length > source.size) {
          throw corrupt(`the file "${entry.name}" continues past the end of the file system`);
        }
      }
      return extentSource(source, extents);
    },
  });
}

/** The volume label as the root directory records it (what Windows shows). */
export async function fatRootLabel(source: ByteSource, volume: FatVolume): Promise<string | null> {
  const start =
    volume.type === 'fat32'
      ? (volume.firstDataSector + (volume.rootCluster - 2) * volume.sectorsPerCluster) * volume.bytesPerSector
      : (volume.reservedSectors + volume.fatCount * volume.sectorsPerFat) * volume.bytesPerSector;
  const length = volume.type === 'fat32' ? volume.sectorsPerCluster * volume.bytesPerSector : volume.rootEntryCount * ENTRY;
  const data = await readExact(source, start, Math.min(length, 64 * 1024), 'the FAT root directory');
  for (let pos = 0; pos + ENTRY <= data.length; pos += ENTRY) {
    const first = u8(data, pos);
    if (first === 0) break;
    const attributes = u8(data, pos + 11);
    if (first !== 0xe5 && (attributes & 0x3f) !== ATTR_LONG_NAME && attributes & ATTR_VOLUME_ID) {
      return latin1(data, pos, 11);
    }
  }
  return null;
}

/** 8.3 name with NT lower-case flags (DIR_NTRes bit 3: base, bit 4: extension). */
function shortName(data: Uint8Array, pos: number): string {
  const flags = u8(data, pos + 12);
  const first = u8(data, pos) === 0x05 ? 'å' : '';
  let base = (first === '' ? latin1(data, pos, 8) : first + latin1(data, pos + 1, 7)).trimEnd();
  let ext = latin1(data, pos + 8, 3).trimEnd();
  if (flags & 0x08) base = base.toLowerCase();
  if (flags & 0x10) ext = ext.toLowerCase();
  return ext === '' ? base : `${base}.${ext}`;
}

function shortNameChecksum(raw: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + (raw[i] ?? 0)) & 0xff;
  return sum;
}
