// Zip archives (APPNOTE.TXT 6.3.10): the central directory names the entries; the one disk image
// among them is written, decoded on the fly. Which entry is the image is decided by content
// (a partition table, a volume descriptor, another container), never by its name.

import { crc32 } from 'node:zlib';
import { ImprintError } from '../../../app/errors.js';
import { corruptImage, readAt, readFull, unsupportedImage, type PositionedFile } from './file-io.js';
import type { ImageFile } from './image-file.js';
import { HEAD_BYTES, looksLikeDiskImage } from './detect.js';
import type { SourceReader } from '../source.js';
import type { LayeredSourceInit } from './layered-source.js';
import { openDecoder, type CodecName } from './stream-decoders.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

/** APPNOTE 4.4.5 compression methods Imprint decodes, and the codec for each. */
const METHODS: Record<number, CodecName | null> = { 0: null, 8: 'deflate', 12: 'bzip2', 93: 'zstd', 95: 'xz' };
const METHOD_NAMES: Record<number, string> = { 9: 'Deflate64', 14: 'LZMA', 98: 'PPMd', 99: 'AES encryption' };

/** Entries smaller than this are not disk images (READMEs, checksums, licences). */
const MIN_IMAGE_BYTES = 64 * 1024;
/** Entries listed in the central directory, at most. */
const MAX_ENTRIES = 100_000;
/** The largest entries probed for content; archives with more candidates than this are refused. */
const MAX_PROBES = 32;

export async function readZipDirectory(handle: PositionedFile, fileSize: number, path: string): Promise<ZipEntry[]> {
  const bad = (detail: string): Error => corruptImage(path, 'zip', detail);
  // End of central directory: 22 bytes plus a comment of up to 65535 (APPNOTE 4.3.16).
  const tailStart = Math.max(0, fileSize - 22 - 65535);
  const tail = await readAt(handle, tailStart, fileSize - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('the central directory is missing (the archive is probably truncated)');
  let count = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  // Zip64 end-of-central-directory locator sits just before the EOCD (APPNOTE 4.3.15).
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64At = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const z64 = await readAt(handle, z64At, 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== 0x06064b50) throw bad('the zip64 directory record is damaged');
    count = Number(z64.readBigUInt64LE(32));
    dirSize = Number(z64.readBigUInt64LE(40));
    dirOffset = Number(z64.readBigUInt64LE(48));
  }
  if (!Number.isSafeInteger(dirOffset + dirSize) || dirOffset + dirSize > fileSize || dirSize > 256 * 1024 * 1024) throw bad('the central directory lies outside the file');
  // Each entry costs memory whatever its size; an archive holding a disk image lists a handful.
  if (count > MAX_ENTRIES) throw unsupportedImage(path, `the archive lists ${count} entries; Imprint looks for a disk image among at most ${MAX_ENTRIES}: extract it first`);
  const dir = await readAt(handle, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > dir.length || dir.readUInt32LE(pos) !== 0x02014b50) throw bad('the central directory is damaged');
    const nameLength = dir.readUInt16LE(pos + 28);
    const extraLength = dir.readUInt16LE(pos + 30);
    const commentLength = dir.readUInt16LE(pos + 32);
    const entry: ZipEntry = {
      name: dir.toString('utf8', pos + 46, pos + 46 + nameLength),
      flags: dir.readUInt16LE(pos + 8),
      method: dir.readUInt16LE(pos + 10),
      crc: dir.readUInt32LE(pos + 16),
      compressedSize: dir.readUInt32LE(pos + 20),
      size: dir.readUInt32LE(pos + 24),
      localHeader: dir.readUInt32LE(pos + 42),
    };
    applyZip64(entry, dir.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength));
    // Zip64 fields are 64-bit: sizes past 2^53 or data past the end of the file are not real.
    if (![entry.size, entry.compressedSize, entry.localHeader].every(Number.isSafeInteger) || entry.localHeader + entry.compressedSize > fileSize) {
      throw bad(`the entry ${entry.name} lies outside the archive`);
    }
    entries.push(entry);
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Zip64 extended information (header id 0x0001): 64-bit values for fields stored as 0xFFFFFFFF. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number | null => {
        if (field + 8 > at + 4 + length || field + 8 > extra.length) return null;
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next() ?? entry.size;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeader === 0xffffffff) entry.localHeader = next() ?? entry.localHeader;
    }
    at += 4 + length;
  }
}

async function dataStart(handle: PositionedFile, entry: ZipEntry, path: string): Promise<number> {
  const local = await readAt(handle, entry.localHeader, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw corruptImage(path, 'zip', `the entry ${entry.name} is damaged`);
  return entry.localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** The entry's stored bytes, read from the open file (inside the one file: nothing else is opened). */
function bottomFor(file: ImageFile, start: number, entry: ZipEntry): LayeredSourceInit['openBottom'] {
  return (onBytes) => file.reader(start, entry.compressedSize, onBytes);
}

function layersFor(entry: ZipEntry, path: string): CodecName[] {
  if (entry.flags & 1) throw unsupportedImage(path, `the zip entry ${entry.name} is encrypted; extract it with its password first`);
  const codec = METHODS[entry.method];
  if (codec === undefined) {
    const what = METHOD_NAMES[entry.method] ?? `compression method ${entry.method}`;
    throw unsupportedImage(path, `the zip entry ${entry.name} uses ${what}, which Imprint does not decode; extract it first`);
  }
  return codec === null ? [] : [codec];
}

async function probeHead(file: ImageFile, start: number, entry: ZipEntry): Promise<Buffer> {
  const { path } = file;
  let reader: SourceReader = bottomFor(file, start, entry)();
  for (const layer of layersFor(entry, path)) reader = openDecoder(layer, reader, path);
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, entry.size));
    return head.subarray(0, await readFull(reader, head));
  } finally {
    await reader.close();
  }
}

/** Picks the disk image out of the archive and describes how to decode it; every read goes through the open file. */
export async function zipImage(file: ImageFile): Promise<LayeredSourceInit> {
  const { path, size: fileSize } = file;
  const handle = file;
  const entries = await readZipDirectory(handle, fileSize, path);
  const files = entries.filter((e) => !e.name.endsWith('/') && e.size >= MIN_IMAGE_BYTES).sort((a, b) => b.size - a.size);
  const images: { entry: ZipEntry; start: number }[] = [];
  for (const entry of files.slice(0, MAX_PROBES)) {
    const start = await dataStart(handle, entry, path);
    if (looksLikeDiskImage(await probeHead(file, start, entry))) images.push({ entry, start });
  }
  const names = (list: ZipEntry[]): string => list.map((e) => e.name).slice(0, 5).join(', ');
  const only = images[0];
  if (images.length > 1) throw new ImprintError('E_ARCHIVE_MANY_IMAGES', { path, detail: names(images.map((i) => i.entry)) });
  if (!only) {
    const detail = entries.length === 0 ? 'it is empty' : `it holds ${names(entries)}${entries.length > 5 ? ', …' : ''}`;
    throw new ImprintError('E_ARCHIVE_NO_IMAGE', { path, detail });
  }
  const { entry, start } = only;
  const layers = layersFor(entry, path);
  return {
    file,
    container: layers.length > 0 ? `zip+${layers.join('+')}` : 'zip',
    layers,
    size: entry.size,
    sizeIsEstimate: false,
    openBottom: bottomFor(file, start, entry),
    direct: { start },
    newCheck: () => {
      let crc = 0;
      return {
        observe: (bytes) => (crc = crc32(bytes, crc)),
        end: () => (crc >>> 0 === entry.crc ? null : corruptImage(path, 'zip', `the CRC-32 of ${entry.name} does not match`)),
      };
    },
  };
}
