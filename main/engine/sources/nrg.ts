// Nero NRG images: the disc's sectors first, then a chunk list found through the footer — "NER5" +
// u64 BE offset in the last 12 bytes (version 2) or "NERO" + u32 BE in the last 8 (version 1).
// Track positions come from the DAO chunk (DAOX v2 / DAOI v1) or the track-at-once chunk
// (ETN2 v2 / ETNF v1), never from the customary 307200-byte offset, which not every writer uses.

import { trackSource } from './cd-image.js';
import type { CdTrack } from './cd-sectors.js';
import { corruptImage, readAt, unsupportedImage, type PositionedFile } from './file-io.js';
import type { ImageFile } from './image-file.js';
import type { RandomAccessSource } from './random-access.js';

interface NrgTrack {
  mode: number;
  sectorSize: number;
  start: number;
  end: number;
}

/** Nero's track mode codes: data modes and the bytes they store per sector; 0x07 and 0x10 are audio. */
const DATA_MODE_SECTOR: Record<number, number> = { 0x00: 2048, 0x02: 2048, 0x03: 2336, 0x05: 2352, 0x06: 2352, 0x0f: 2448, 0x11: 2448 };

/** The chunks that describe tracks: disc-at-once (DAOX v2, DAOI v1) and track-at-once (ETN2, ETNF). */
const TRACK_CHUNKS = new Set(['DAOX', 'DAOI', 'ETN2', 'ETNF']);
const MAX_TRACK_CHUNK_BYTES = 1024 * 1024;

async function chunkList(handle: PositionedFile, fileSize: number, path: string): Promise<{ version: 1 | 2; chunks: Map<string, Buffer> }> {
  const tail = await readAt(handle, Math.max(0, fileSize - 12), 12);
  let version: 1 | 2;
  let offset: number;
  if (tail.toString('latin1', 0, 4) === 'NER5') {
    version = 2;
    offset = Number(tail.readBigUInt64BE(4));
  } else if (tail.toString('latin1', 4, 8) === 'NERO') {
    version = 1;
    offset = tail.readUInt32BE(8);
  } else {
    throw corruptImage(path, 'nrg', 'the footer is missing (the file is probably truncated)');
  }
  if (offset <= 0 || offset >= fileSize) throw corruptImage(path, 'nrg', 'the chunk list lies outside the file (truncated?)');
  const chunks = new Map<string, Buffer>();
  for (let pos = offset, count = 0; ; count++) {
    const header = await readAt(handle, pos, 8);
    if (header.length < 8 || count > 10_000) throw corruptImage(path, 'nrg', 'the chunk list is damaged');
    const id = header.toString('latin1', 0, 4);
    const length = header.readUInt32BE(4);
    if (id === 'END!') break;
    if (!/^[A-Z0-9!]{4}$/.test(id) || pos + 8 + length > fileSize) throw corruptImage(path, 'nrg', 'the chunk list is damaged');
    // Only the track chunks are read, and they are small (99 tracks are 4 KiB): a chunk claiming
    // gigabytes is skipped over, never read into memory.
    if (TRACK_CHUNKS.has(id) && !chunks.has(id)) {
      if (length > MAX_TRACK_CHUNK_BYTES) throw corruptImage(path, 'nrg', `the ${id} chunk claims ${length} bytes`);
      chunks.set(id, await readAt(handle, pos + 8, length));
    }
    pos += 8 + length;
  }
  return { version, chunks };
}

function daoTracks(dao: Buffer, version: 1 | 2): NrgTrack[] {
  // DAO header: size (4), MCN (13), reserved (1), TOC type (2), first track (1), last track (1).
  const headerBytes = 22;
  const entryBytes = version === 2 ? 42 : 30;
  const tracks: NrgTrack[] = [];
  for (let at = headerBytes; at + entryBytes <= dao.length; at += entryBytes) {
    // Entry: ISRC (12), sector size u16 (12), mode (14), reserved (15..17), then index 0, index 1, end offsets.
    const offset = (i: number): number => (version === 2 ? Number(dao.readBigUInt64BE(at + 18 + i * 8)) : dao.readUInt32BE(at + 18 + i * 4));
    tracks.push({ sectorSize: dao.readUInt16BE(at + 12), mode: dao[at + 14] ?? 0xff, start: offset(1), end: offset(2) });
  }
  return tracks;
}

function taoTracks(etn: Buffer, version: 1 | 2): NrgTrack[] {
  // ETN2 entry (32 bytes): offset u64, length u64, mode u32, start LBA u32, reserved u64. ETNF: all u32 (20 bytes).
  const entryBytes = version === 2 ? 32 : 20;
  const tracks: NrgTrack[] = [];
  for (let at = 0; at + entryBytes <= etn.length; at += entryBytes) {
    const start = version === 2 ? Number(etn.readBigUInt64BE(at)) : etn.readUInt32BE(at);
    const length = version === 2 ? Number(etn.readBigUInt64BE(at + 8)) : etn.readUInt32BE(at + 4);
    const mode = etn.readUInt32BE(at + (version === 2 ? 16 : 8));
    tracks.push({ mode, sectorSize: DATA_MODE_SECTOR[mode] ?? 2352, start, end: start + length });
  }
  return tracks;
}

/** Every read goes through the open file the source holds (image-file.ts). */
export async function nrgImage(file: ImageFile): Promise<RandomAccessSource> {
  const { path, size: fileSize } = file;
  const { version, chunks } = await chunkList(file, fileSize, path);
  const dao = chunks.get(version === 2 ? 'DAOX' : 'DAOI');
  const tao = chunks.get(version === 2 ? 'ETN2' : 'ETNF');
  const tracks: NrgTrack[] = dao ? daoTracks(dao, version) : tao ? taoTracks(tao, version) : [];
  if (tracks.length === 0) throw corruptImage(path, 'nrg', 'the chunk list describes no track');
  const data = tracks.find((t) => DATA_MODE_SECTOR[t.mode] !== undefined);
  if (!data) throw unsupportedImage(path, 'it is an audio CD (CD-DA) image with no data track: there is nothing to write to a drive');
  const { sectorSize } = data;
  if (![2048, 2336, 2352, 2448].includes(sectorSize) || data.end <= data.start || data.end > fileSize) {
    throw corruptImage(path, 'nrg', 'the data track lies outside the file');
  }
  const track: CdTrack = { start: data.start, sectors: Math.floor((data.end - data.start) / sectorSize), sectorSize };
  return trackSource(file, file, 'nrg', track);
}
