// A file that reads as "raw" may be a container that lost its end: an NRG or DMG keeps its
// directory in a trailer, so a truncated download no longer looks like one. Writing it would put
// garbage on the drive and report success, so the clearest signs are checked here.

import { constants, inflateSync } from 'node:zlib';
import { corruptImage, readAt, type PositionedFile } from './file-io.js';

const PVD = 16 * 2048; // ISO 9660 primary volume descriptor: "CD001" at +1, volume space size at +80
/** Nero's customary lead-in before the first track. */
const NRG_LEAD_IN = 150 * 2048;

function volumeBytes(pvd: Buffer): number | null {
  if (pvd.length < 88 || pvd[0] !== 1 || pvd.toString('latin1', 1, 6) !== 'CD001') return null;
  return pvd.readUInt32LE(80) * 2048;
}

export async function checkRawIntact(handle: PositionedFile, head: Buffer, fileSize: number, path: string): Promise<void> {
  const volume = volumeBytes(head.subarray(PVD, PVD + 2048));
  if (volume !== null && volume > fileSize) {
    throw corruptImage(path, 'iso9660', `the volume needs ${volume} bytes but the file holds ${fileSize} (truncated)`);
  }
  if (volume === null && volumeBytes(await readAt(handle, NRG_LEAD_IN + PVD, 2048)) !== null) {
    throw corruptImage(path, 'nrg', 'the chunk list and footer at the end are missing (truncated)');
  }
  // A zlib stream at byte 0 (RFC 1950 CMF/FLG check) that inflates to whole sectors: a UDIF data fork.
  const [cmf = 0, flg = 0] = head;
  if (cmf === 0x78 && (cmf * 256 + flg) % 31 === 0) {
    // 4096 decoded bytes decide it; the bound keeps 64 KiB of zlib from inflating to 64 MiB here.
    let decodes: boolean;
    try {
      decodes = inflateSync(head, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 4096 }).length >= 4096;
    } catch (error) {
      // Past the bound is a yes; any other error: not zlib after all, a raw image that happens to start with 0x78.
      decodes = error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE';
    }
    if (decodes) throw corruptImage(path, 'dmg', 'the koly trailer at the end is missing (truncated)');
  }
}
