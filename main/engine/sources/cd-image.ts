// BIN/CUE CD images. Opening the .cue follows its FILE and TRACK lines to the first data track.
// Opening a raw .bin directly also works: its sectors carry their own sync and mode, and the data
// track is the run of synced sectors from the start (a mixed-mode disc's audio tracks follow it
// without sync, so the boundary is found by bisection). The result is the track's 2048-byte sectors.
// The data file a cue sheet names is opened once like the image itself (image-file.ts): a regular
// file, with the rights of the user who asked — never a drive, /dev/zero or a FIFO behind a symlink.

import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ImprintError, isImprintError } from '../../../app/errors.js';
import { cdTrackBytes, DATA_SECTOR, type CdTrack } from './cd-sectors.js';
import { hasCdSync, RAW_SECTOR } from './detect.js';
import { corruptImage, unsupportedImage } from './file-io.js';
import { ImageFile } from './image-file.js';
import { RandomAccessSource, type ImageBytes } from './random-access.js';
import { asRealUser } from './real-user.js';

const AUDIO_ONLY = 'it is an audio CD (CD-DA) image with no data track: there is nothing to write to a drive';
/** Cue sheets are a few kilobytes; anything larger is not one worth reading whole. */
const MAX_CUE_BYTES = 1024 * 1024;

/**
 * The track as a source, after checking it holds the whole ISO 9660 volume its primary volume
 * descriptor announces (sector 16: "CD001" at 1, volume space size at 80): a .bin cut short at a
 * sector boundary is otherwise indistinguishable from a short disc.
 */
export async function trackSource(file: ImageFile, data: ImageFile, container: string, track: CdTrack): Promise<RandomAccessSource> {
  const { path } = file;
  const open = (): Promise<ImageBytes> => Promise.resolve(cdTrackBytes(data, track, path, container));
  if (track.sectors > 16) {
    const bytes = await open();
    try {
      const pvd = Buffer.from(await bytes.read(16 * DATA_SECTOR, DATA_SECTOR));
      const volumeSectors = pvd.length >= 88 ? pvd.readUInt32LE(80) : 0;
      if (pvd.toString('latin1', 1, 6) === 'CD001' && volumeSectors > track.sectors) {
        throw corruptImage(path, container, `the ISO volume needs ${volumeSectors} sectors but the track holds ${track.sectors} (truncated)`);
      }
    } finally {
      await bytes.close();
    }
  }
  return new RandomAccessSource(file, container, track.sectors * DATA_SECTOR, open, [data]);
}

/** A raw (2352-byte sector) .bin opened without its cue sheet. */
export async function cdImage(file: ImageFile): Promise<RandomAccessSource> {
  const { path, size: fileSize } = file;
  if (fileSize % RAW_SECTOR !== 0) throw corruptImage(path, 'bin', 'the file ends in the middle of a sector (truncated)');
  const total = fileSize / RAW_SECTOR;
  const synced = async (sector: number): Promise<boolean> => hasCdSync(await file.readAt(sector * RAW_SECTOR, 12), 0);
  let sectors = total;
  if (!(await synced(total - 1))) {
    // Data first, audio after: bisect for the first sector without sync.
    let lo = 1;
    let hi = total - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await synced(mid)) lo = mid + 1;
      else hi = mid;
    }
    sectors = lo;
  }
  return trackSource(file, file, 'bin', { start: 0, sectors, sectorSize: RAW_SECTOR });
}

interface CueTrack {
  file: string;
  mode: string;
  index0: number | null;
  index1: number | null;
}

/** MODE names of the cue sheet format (CDRWIN) and their bytes per sector in the .bin. */
const DATA_MODES: Record<string, number> = { 'MODE1/2048': 2048, 'MODE1/2352': 2352, 'MODE2/2352': 2352, 'MODE2/2336': 2336, 'MODE2/2048': 2048 };

export function parseCue(text: string): CueTrack[] {
  const tracks: CueTrack[] = [];
  let file: string | null = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    const fileLine = /^FILE\s+(?:"([^"]*)"|(\S+))/i.exec(line);
    if (fileLine) {
      file = fileLine[1] ?? fileLine[2] ?? null;
      continue;
    }
    const trackLine = /^TRACK\s+\d+\s+(\S+)/i.exec(line);
    if (trackLine?.[1] && file !== null) {
      tracks.push({ file, mode: trackLine[1].toUpperCase(), index0: null, index1: null });
      continue;
    }
    const indexLine = /^INDEX\s+(\d+)\s+(\d+):(\d+):(\d+)/i.exec(line);
    const current = tracks.at(-1);
    if (indexLine && current) {
      // mm:ss:ff, 75 frames (sectors) per second.
      const frames = (Number(indexLine[2]) * 60 + Number(indexLine[3])) * 75 + Number(indexLine[4]);
      if (Number(indexLine[1]) === 0) current.index0 = frames;
      if (Number(indexLine[1]) === 1) current.index1 = frames;
    }
  }
  return tracks;
}

/**
 * The file a cue sheet names, beside it (only its base name counts: no path leads elsewhere),
 * matched without regard to case when the exact name is absent, and opened as the cue sheet was.
 */
async function openDataFile(cue: ImageFile, name: string): Promise<ImageFile> {
  const folder = dirname(cue.path);
  const wanted = basename(name.replace(/\\/g, '/'));
  const exact = join(folder, wanted);
  const options = { asUser: cue.user, namedBy: `${basename(cue.path)} names it as its data file` };
  try {
    return await ImageFile.open(exact, options);
  } catch (error) {
    if (!isImprintError(error) || error.code !== 'E_IMAGE_NOT_FOUND') throw error;
  }
  // Listed with the user's rights too: root does not look into folders for them.
  const names = asRealUser(cue.user, () => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  });
  const match = names.find((f) => f !== wanted && f.toLowerCase() === wanted.toLowerCase());
  if (match) return ImageFile.open(join(folder, match), options);
  throw new ImprintError('E_IMAGE_NOT_FOUND', { path: exact });
}

export async function cueImage(file: ImageFile): Promise<RandomAccessSource> {
  const { path } = file;
  if (file.size > MAX_CUE_BYTES) throw corruptImage(path, 'cue', `the cue sheet is ${file.size} bytes, far more than a cue sheet holds`);
  const text = (await file.readAt(0, file.size)).toString('latin1');
  const tracks = parseCue(text);
  if (tracks.length === 0) throw corruptImage(path, 'cue', 'the cue sheet lists no tracks');
  const index = tracks.findIndex((t) => DATA_MODES[t.mode] !== undefined);
  const track = tracks[index];
  if (!track) {
    if (tracks.every((t) => t.mode === 'AUDIO')) throw unsupportedImage(path, AUDIO_ONLY);
    throw unsupportedImage(path, `its tracks use ${[...new Set(tracks.map((t) => t.mode))].join(', ')}, which Imprint does not read`);
  }
  const sectorSize = DATA_MODES[track.mode] ?? DATA_SECTOR;
  if (track.index1 === null) throw corruptImage(path, 'cue', `track ${index + 1} has no INDEX 01`);
  const data = await openDataFile(file, track.file);
  try {
    return await dataTrack(file, data, tracks, index, sectorSize);
  } catch (error) {
    await data.close();
    throw error;
  }
}

async function dataTrack(cue: ImageFile, data: ImageFile, tracks: CueTrack[], index: number, sectorSize: number): Promise<RandomAccessSource> {
  const { path } = cue;
  const track = tracks[index];
  if (!track || track.index1 === null) throw corruptImage(path, 'cue', `track ${index + 1} has no INDEX 01`);
  const binName = basename(data.path);
  const start = track.index1 * sectorSize;
  // The track ends where the next track in the same file begins (its pregap included), or at the file's end.
  const next = tracks[index + 1];
  const nextStart = next && next.file === track.file ? (next.index0 ?? next.index1) : null;
  const endByte = nextStart !== null ? nextStart * sectorSize : data.size;
  if (start >= endByte || start >= data.size) throw corruptImage(path, 'cue', `track ${index + 1} starts past the end of ${binName}`);
  if (endByte > data.size) throw corruptImage(path, 'bin/cue', `${binName} ends before track ${index + 1} does (truncated)`);
  if (nextStart === null && (endByte - start) % sectorSize !== 0) {
    throw corruptImage(path, 'bin/cue', `${binName} ends in the middle of a sector (truncated)`);
  }
  const sectors = Math.floor((endByte - start) / sectorSize);
  if (sectorSize === RAW_SECTOR && !hasCdSync(await data.readAt(start, 16), 0)) {
    throw corruptImage(path, 'bin/cue', `${binName} has no sector sync where track ${index + 1} starts: the cue sheet does not match the file`);
  }
  return trackSource(cue, data, 'bin/cue', { start, sectors, sectorSize });
}
