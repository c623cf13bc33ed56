// UDF file structure (ECMA-167 part 4): file entries and extended file entries, their
// allocation descriptors (short, long, embedded, continued in allocation extents), and file
// identifier descriptors, as a browsable tree.

import { corrupt, u16le, u32le, u64le, u8 } from './binary.js';
import { extentSource, memorySource, readExact, type ByteSource, type Extent } from './byte-source.js';
import { makeFileTree, type EntryKind, type FileTree, type TreeEntry } from './file-tree.js';
import { LIMITS } from './limits.js';
import type { UdfLocation, UdfPartitionMap, UdfVolume } from './udf.js';
import { TAG, dchars, tagId } from './udf-tag.js';

interface UdfFile {
  kind: EntryKind;
  size: number;
  /** Extents, or the bytes themselves when the data is embedded in the entry. */
  data: Extent[] | Uint8Array;
}

const FID_DIRECTORY = 0x02;
const FID_DELETED = 0x04;
const FID_PARENT = 0x08;

/** Reads file entries of one UDF volume, translating (partition, block) addresses to image bytes. */
class UdfReader {
  private metadataExtents: Promise<Extent[]> | null = null;
  readonly bs: number;

  constructor(
    readonly source: ByteSource,
    readonly volume: UdfVolume,
  ) {
    this.bs = volume.blockSize;
  }

  async byteOffset(location: UdfLocation): Promise<number> {
    const map: UdfPartitionMap | undefined = this.volume.maps[location.partition];
    if (map === undefined) throw corrupt(`a UDF address names partition ${location.partition}, which does not exist`);
    if (map.kind === 'unsupported') throw corrupt(`UDF ${map.what} partitions cannot be read`);
    if (map.kind === 'physical') {
      if (location.block >= map.length) throw corrupt('a UDF address lies outside its partition');
      return (map.start + location.block) * this.bs;
    }
    // Metadata partition (UDF 2.50): a block lives where the metadata file's extents put it.
    const start = map.start;
    this.metadataExtents ??= this.readFile({ partition: -1, block: map.fileLocation }, { start }).then((file) =>
      file.data instanceof Uint8Array ? [] : file.data,
    );
    let position = location.block * this.bs;
    for (const extent of await this.metadataExtents) {
      if (position < extent.length) {
        if (extent.offset === null) break;
        return extent.offset + position;
      }
      position -= extent.length;
    }
    throw corrupt('a UDF metadata address lies outside the metadata file');
  }

  /**
   * Reads a file entry at a logical address, or (for the metadata file) at a block of the physical
   * partition `physical`, to which its short allocation descriptors are then relative too.
   */
  async readFile(location: UdfLocation, physical: { start: number } | null = null): Promise<UdfFile> {
    const offset = physical !== null ? (physical.start + location.block) * this.bs : await this.byteOffset(location);
    const bytes = await readExact(this.source, offset, this.bs, 'a UDF file entry');
    const id = tagId(bytes);
    const extended = id === TAG.extendedFileEntry;
    if (id !== TAG.fileEntry && !extended) throw corrupt('a UDF file entry has a broken descriptor tag');
    const fileType = u8(bytes, 27); // ICB tag file type
    const adType = u16le(bytes, 34) & 7; // ICB tag flags, allocation descriptor type
    const size = u64le(bytes, 56); // information length
    const eaLength = u32le(bytes, extended ? 208 : 168); // length of extended attributes
    const adLength = u32le(bytes, extended ? 212 : 172); // length of allocation descriptors
    const adStart = (extended ? 216 : 176) + eaLength;
    if (adStart + adLength > bytes.length) throw corrupt('a UDF file entry overflows its block');
    const area = bytes.subarray(adStart, adStart + adLength);
    const kind: EntryKind = fileType === 4 ? 'directory' : fileType === 12 ? 'symlink' : 'file';
    if (adType === 3) {
      if (size > area.length) throw corrupt('an embedded UDF file is longer than its entry');
      return { kind, size, data: area.subarray(0, size) };
    }
    const extents = await this.allocation(area, adType, location.partition, physical);
    return { kind, size, data: trim(extents, size) };
  }

  private async allocation(
    first: Uint8Array,
    adType: number,
    partition: number,
    physical: { start: number } | null,
  ): Promise<Extent[]> {
    if (adType !== 0 && adType !== 1) throw corrupt(`a UDF file uses allocation descriptor type ${adType}`);
    const adSize = adType === 0 ? 8 : 16;
    const extents: Extent[] = [];
    const visited = new Set<number>();
    let area: Uint8Array | null = first;
    while (area !== null) {
      const current: Uint8Array = area;
      area = null;
      for (let pos = 0; pos + adSize <= current.length; pos += adSize) {
        const raw = u32le(current, pos); // extent length; top two bits are the extent type
        const length = raw & 0x3fffffff;
        const type = raw >>> 30;
        if (length === 0) break;
        const target: UdfLocation = {
          block: u32le(current, pos + 4), // extent position / logical block number
          partition: adType === 0 ? partition : u16le(current, pos + 8), // long_ad partition reference
        };
        const offset = (): Promise<number> =>
          physical === null ? this.byteOffset(target) : Promise.resolve((physical.start + target.block) * this.bs);
        if (type === 3) {
          // Next extent of allocation descriptors: an allocation extent descriptor continues the list.
          const at = await offset();
          if (visited.has(at) || visited.size >= LIMITS.maxContinuations) throw corrupt('UDF allocation descriptors loop');
          visited.add(at);
          const aed = await readExact(this.source, at, Math.min(length, this.bs), 'a UDF allocation extent');
          if (tagId(aed) !== TAG.allocationExtent) throw corrupt('a UDF allocation extent has a broken tag');
          const aedLength = u32le(aed, 20); // length of allocation descriptors
          if (24 + aedLength > aed.length) throw corrupt('a UDF allocation extent overflows its block');
          area = aed.subarray(24, 24 + aedLength);
          break;
        }
        if (extents.length >= LIMITS.maxExtents) throw corrupt('a UDF file has too many extents');
        // Type 0: recorded; 1: allocated but not recorded and 2: not allocated read as zeros.
        extents.push({ offset: type === 0 ? await offset() : null, length });
      }
    }
    return extents;
  }

  contents(file: UdfFile): ByteSource {
    return file.data instanceof Uint8Array ? memorySource(file.data) : extentSource(this.source, file.data);
  }
}

/** Opens the file set (tag 256, root directory ICB long_ad at 400) and returns its tree. */
export async function openUdfTree(source: ByteSource, volume: UdfVolume): Promise<FileTree> {
  const reader = new UdfReader(source, volume);
  const fsd = await readExact(source, await reader.byteOffset(volume.fileSet), volume.blockSize, 'the UDF file set descriptor');
  if (tagId(fsd) !== TAG.fileSet) throw corrupt('the UDF file set descriptor has a broken tag');
  const root: UdfLocation = { block: u32le(fsd, 404), partition: u16le(fsd, 408) };
  return udfTree(reader, root);
}

function udfTree(reader: UdfReader, root: UdfLocation): FileTree {
  const source = reader.source;
  async function children(node: UdfLocation): Promise<Array<TreeEntry<UdfLocation>>> {
    const directory = await reader.readFile(node);
    if (directory.kind !== 'directory') return [];
    if (directory.size > LIMITS.maxDirectoryBytes) throw corrupt('a UDF directory is impossibly large');
    const data = await readExact(reader.contents(directory), 0, directory.size, 'a UDF directory');
    const entries: Array<TreeEntry<UdfLocation>> = [];
    let pos = 0;
    while (pos + 38 <= data.length) {
      if (tagId(data, pos) !== TAG.fileIdentifier) throw corrupt('a UDF file identifier has a broken tag');
      const characteristics = u8(data, pos + 18); // file characteristics
      const nameLength = u8(data, pos + 19); // length of file identifier
      const location: UdfLocation = { block: u32le(data, pos + 24), partition: u16le(data, pos + 28) }; // ICB long_ad
      const useLength = u16le(data, pos + 36); // length of implementation use
      const nameStart = pos + 38 + useLength;
      if (nameStart + nameLength > data.length) throw corrupt('a UDF file identifier runs past its directory');
      const name = dchars(data, nameStart, nameLength);
      pos += (38 + useLength + nameLength + 3) & ~3; // padded to a multiple of 4
      if (characteristics & (FID_DELETED | FID_PARENT) || name === '') continue;
      if (entries.length >= LIMITS.maxDirectoryEntries) throw corrupt('a UDF directory has too many entries');
      let kind: EntryKind = characteristics & FID_DIRECTORY ? 'directory' : 'file';
      let size = 0;
      try {
        const file = await reader.readFile(location);
        kind = file.kind;
        size = file.size;
      } catch {
        // A damaged entry still shows in the listing; opening it reports the damage.
      }
      entries.push({ name, kind, size, node: location });
    }
    return entries;
  }

  return makeFileTree<UdfLocation>({
    format: 'udf',
    root,
    children,
    async open(entry) {
      const file = await reader.readFile(entry.node);
      if (!(file.data instanceof Uint8Array)) {
        for (const extent of file.data) {
          if (extent.offset !== null && extent.offset + extent.length > source.size) {
            throw corrupt(`the file "${entry.name}" continues past the end of the image`);
          }
        }
      }
      return reader.contents(file);
    },
  });
}

function trim(extents: Extent[], size: number): Extent[] {
  const out: Extent[] = [];
  let remaining = size;
  for (const extent of extents) {
    if (remaining <= 0) break;
    const length = Math.min(extent.length, remaining);
    out.push({ offset: extent.offset, length });
    remaining -= length;
  }
  if (remaining > 0) throw corrupt('a UDF file is longer than the space allocated to it');
  return out;
}
