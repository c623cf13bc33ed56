// One data track of a CD image, as the 2048-byte sectors an ISO 9660 file system expects.
// Raw sectors (ECMA-130 §14): 12 sync bytes, 4 header bytes (MSF address + mode), then Mode 1: 2048
// data bytes at 16; Mode 2 Form 1: an 8-byte subheader and 2048 data bytes at 24. Mode 2 Form 2
// (2324 bytes of video/audio) has no place in a disk image and is refused.

import { hasCdSync } from './detect.js';
import { corruptImage, unsupportedImage, readAt, type PositionedFile } from './file-io.js';
import type { ImageBytes } from './random-access.js';

export const DATA_SECTOR = 2048;

export interface CdTrack {
  /** Byte offset of the track's first sector in its file. */
  start: number;
  sectors: number;
  /** Bytes per sector in the file: 2048 (cooked), 2336 (Mode 2 without sync/header), 2352 (raw), 2448 (raw + subchannel). */
  sectorSize: number;
}

/** Sectors read from the file at a time. */
const BATCH = 256;

/** The track's sectors, read from the open data file (which the source holds and closes). */
export function cdTrackBytes(handle: PositionedFile, track: CdTrack, path: string, format: string): ImageBytes {
  const size = track.sectors * DATA_SECTOR;
  const cutShort = (sector: number): Error => corruptImage(path, format, `sector ${sector} lies past the end of the file (truncated)`);
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (offset >= end) return new Uint8Array(0);
      if (track.sectorSize === DATA_SECTOR) {
        const bytes = await readAt(handle, track.start + offset, end - offset);
        if (bytes.length < end - offset) throw cutShort(Math.floor((offset + bytes.length) / DATA_SECTOR));
        return bytes;
      }
      const out = new Uint8Array(end - offset);
      const first = Math.floor(offset / DATA_SECTOR);
      const last = Math.floor((end - 1) / DATA_SECTOR);
      for (let batch = first; batch <= last; batch += BATCH) {
        const count = Math.min(BATCH, last - batch + 1);
        const raw = await readAt(handle, track.start + batch * track.sectorSize, count * track.sectorSize);
        for (let i = 0; i < count; i++) {
          const sector = batch + i;
          const at = i * track.sectorSize;
          if (at + track.sectorSize > raw.length) throw cutShort(sector);
          const data = payload(raw, at, track.sectorSize, sector, path, format);
          const sectorStart = sector * DATA_SECTOR;
          const from = Math.max(offset, sectorStart);
          const to = Math.min(end, sectorStart + DATA_SECTOR);
          if (data) out.set(data.subarray(from - sectorStart, to - sectorStart), from - offset);
        }
      }
      return out;
    },
    close: () => Promise.resolve(),
  };
}

/** The 2048 data bytes of one stored sector, or null for a Mode 0 (all-zero) sector. */
function payload(raw: Buffer, at: number, sectorSize: number, sector: number, path: string, format: string): Buffer | null {
  if (sectorSize === 2336) return form1(raw, at, sector, path);
  if (!hasCdSync(raw, at)) throw corruptImage(path, format, `sector ${sector} has no sync pattern`);
  const mode = raw[at + 15];
  if (mode === 1) return raw.subarray(at + 16, at + 16 + DATA_SECTOR);
  if (mode === 2) return form1(raw, at + 16, sector, path);
  if (mode === 0) return null;
  throw corruptImage(path, format, `sector ${sector} has an unknown mode ${mode}`);
}

function form1(raw: Buffer, subheaderAt: number, sector: number, path: string): Buffer {
  // Subheader byte 2 is the submode; bit 5 set means Form 2.
  if (((raw[subheaderAt + 2] ?? 0) & 0x20) !== 0) {
    throw unsupportedImage(path, `sector ${sector} is a Mode 2 Form 2 (video/audio) sector: this is a Video CD or similar, not a data disc`);
  }
  return raw.subarray(subheaderAt + 8, subheaderAt + 8 + DATA_SECTOR);
}
