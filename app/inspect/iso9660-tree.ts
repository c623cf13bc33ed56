// ISO 9660 directory records (ECMA-119 §9.1) as a browsable tree: plain 8.3 names, Joliet
// UCS-2 names, or Rock Ridge long names; multi-extent files (≥ 4 GiB) joined into one.

import { corrupt, latin1, u32le, u8, ucs2be } from './binary.js';
import { extentSource, readExact, type ByteSource, type Extent } from './byte-source.js';
import { makeFileTree, type EntryKind, type FileTree, type TreeEntry } from './file-tree.js';
import { DESCRIPTOR_SIZE, type IsoDirectoryRef, type IsoVolume } from './iso9660.js';
import { LIMITS } from './limits.js';
import { readSystemUse } from './rock-ridge.js';

export type IsoNames = 'plain' | 'joliet' | 'rockridge';

interface IsoNode {
  directory: IsoDirectoryRef | null;
  extents: Extent[];
}

interface RawRecord {
  block: number;
  length: number;
  flags: number;
  name: string;
  systemUse: Uint8Array;
  extentOffset: number;
}

const FLAG_DIRECTORY = 0x02;
const FLAG_MULTI_EXTENT = 0x80;
const MIN_RECORD = 34;

/** Reads the root's "." record: Rock Ridge is present when its System Use starts with SP and names RRIP. */
export async function detectRockRidge(source: ByteSource, volume: IsoVolume): Promise<{ skip: number } | null> {
  const root = volume.primaryRoot;
  const bytes = await readExact(source, root.block * volume.blockSize, Math.min(root.length, DESCRIPTOR_SIZE), 'the ISO 9660 root directory');
  const length = u8(bytes, 0);
  if (length < MIN_RECORD || length > bytes.length) throw corrupt('the ISO 9660 root directory has a broken first record');
  const nameLength = u8(bytes, 32);
  const suStart = 33 + nameLength + (nameLength % 2 === 0 ? 1 : 0);
  if (suStart >= length) return null;
  const use = await readSystemUse(source, volume.blockSize, bytes.subarray(suStart, length));
  if (use.sharingProtocol === null || !use.announcesRockRidge) return null;
  return { skip: use.sharingProtocol.skip };
}

export function isoFileTree(source: ByteSource, volume: IsoVolume, names: IsoNames, rockRidgeSkip = 0): FileTree {
  const rootRef = names === 'joliet' && volume.jolietRoot !== null ? volume.jolietRoot : volume.primaryRoot;

  async function children(node: IsoNode): Promise<Array<TreeEntry<IsoNode>>> {
    if (node.directory === null) return [];
    return joinMultiExtent(await readRecords(node.directory));
  }

  async function readRecords(ref: IsoDirectoryRef): Promise<Array<RawRecord & { kind: EntryKind }>> {
    if (ref.length > LIMITS.maxDirectoryBytes) throw corrupt(`an ISO 9660 directory claims ${ref.length} bytes`);
    const data = await readExact(source, ref.block * volume.blockSize, ref.length, 'an ISO 9660 directory');
    const out: Array<RawRecord & { kind: EntryKind }> = [];
    let pos = 0;
    while (pos < data.length) {
      // Records never span a 2048-byte sector; a zero length pads to the next one (§6.8.1.1).
      const sectorEnd = Math.min(data.length, (Math.floor(pos / DESCRIPTOR_SIZE) + 1) * DESCRIPTOR_SIZE);
      const length = u8(data, pos);
      if (length === 0) {
        pos = sectorEnd;
        continue;
      }
      if (length < MIN_RECORD || pos + length > sectorEnd) throw corrupt('an ISO 9660 directory record is cut short');
      const record = data.subarray(pos, pos + length);
      pos += length;
      const nameLength = u8(record, 32);
      if (33 + nameLength > length) throw corrupt('an ISO 9660 file name runs past its record');
      // "\0" and "\1" are the directory's own "." and ".." records.
      if (nameLength === 1 && u8(record, 33) <= 1) continue;
      if (out.length >= LIMITS.maxDirectoryEntries) throw corrupt('an ISO 9660 directory has too many entries');
      const suStart = 33 + nameLength + (nameLength % 2 === 0 ? 1 : 0) + (names === 'rockridge' ? rockRidgeSkip : 0);
      const raw: RawRecord = {
        block: u32le(record, 2), // extent location (LE half of both-endian)
        length: u32le(record, 10), // data length
        flags: u8(record, 25),
        name: names === 'joliet' ? ucs2be(record, 33, nameLength) : latin1(record, 33, nameLength),
        systemUse: suStart < length ? record.subarray(suStart) : new Uint8Array(0),
        extentOffset: u8(record, 1), // extended attribute record length, in blocks before the data
      };
      let kind: EntryKind = raw.flags & FLAG_DIRECTORY ? 'directory' : 'file';
      let name = stripVersion(raw.name);
      if (names === 'rockridge' && raw.systemUse.length > 0) {
        const use = await readSystemUse(source, volume.blockSize, raw.systemUse);
        if (use.relocated) continue;
        if (use.name !== null && use.name !== '') name = use.name;
        if (use.symlink) kind = 'symlink';
        if (use.childLink !== null) {
          kind = 'directory';
          raw.block = use.childLink;
          raw.length = await dotRecordLength(source, volume, use.childLink);
        }
      }
      out.push({ ...raw, name, kind });
    }
    return out;
  }

  function joinMultiExtent(records: ReadonlyArray<RawRecord & { kind: EntryKind }>): Array<TreeEntry<IsoNode>> {
    const entries: Array<TreeEntry<IsoNode>> = [];
    let pending: Extent[] = [];
    let pendingName: string | null = null;
    for (const record of records) {
      const extent: Extent = { offset: (record.block + record.extentOffset) * volume.blockSize, length: record.length };
      if (pendingName !== null && pendingName !== record.name) {
        // A multi-extent chain must end in a record of the same name without the flag.
        throw corrupt(`the ISO 9660 file "${pendingName}" has a broken multi-extent chain`);
      }
      if (record.kind === 'directory') {
        entries.push({
          name: record.name,
          kind: 'directory',
          size: record.length,
          node: { directory: { block: record.block, length: record.length }, extents: [] },
        });
        continue;
      }
      pending.push(extent);
      if (record.flags & FLAG_MULTI_EXTENT) {
        pendingName = record.name;
        continue;
      }
      const size = pending.reduce((sum, e) => sum + e.length, 0);
      entries.push({ name: record.name, kind: record.kind, size, node: { directory: null, extents: pending } });
      pending = [];
      pendingName = null;
    }
    if (pendingName !== null) throw corrupt(`the ISO 9660 file "${pendingName}" has a broken multi-extent chain`);
    return entries;
  }

  return makeFileTree<IsoNode>({
    format: 'iso9660',
    root: { directory: rootRef, extents: [] },
    children,
    open(entry) {
      for (const extent of entry.node.extents) {
        if (extent.offset !== null && extent.offset + extent.length > source.size) {
          return Promise.reject(corrupt(`the file "${entry.name}" continues past the end of the image`));
        }
      }
      return Promise.resolve(extentSource(source, entry.node.extents));
    },
  });
}

/** A relocated directory's length is in its own "." record. */
async function dotRecordLength(source: ByteSource, volume: IsoVolume, block: number): Promise<number> {
  const record = await readExact(source, block * volume.blockSize, MIN_RECORD, 'a relocated ISO 9660 directory');
  return u32le(record, 10);
}

/** "README.TXT;1" → "README.TXT"; "NOEXT." → "NOEXT" (ECMA-119 §7.5.1 separators). */
function stripVersion(name: string): string {
  const semicolon = name.lastIndexOf(';');
  const base = semicolon >= 0 ? name.slice(0, semicolon) : name;
  return base.endsWith('.') ? base.slice(0, -1) : base;
}
