// Everything checked before the first byte is written: each target is resolved (symlinks first),
// judged by the shared safety rules, and compared with what the user chose.

import { chosenDriveDifference } from '../../app/drive-identity.js';
import { firstRefusal, judgeDrive, type DriveVerdict, type ImageFacts } from '../../app/drive-rules.js';
import type { Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import type { ExpectedDrive } from '../../app/writer-protocol.js';
import { resolveDrive } from './drives.js';
import { imageFileFacts } from './image-holder.js';
import { fileIdOf } from './loop-backing.js';
import type { ImageSource } from './source.js';

export type { ExpectedDrive } from '../../app/writer-protocol.js';

export interface JudgedTarget {
  drive: Drive;
  verdict: DriveVerdict;
}

export async function imageFacts(source: ImageSource): Promise<ImageFacts> {
  // Resolved path, device + inode, and the disks holding it (null when not found: every drive is refused).
  const found = await imageFileFacts(source.path);
  // The rules judge the file that is open, not whatever the path names now: the identity comes from
  // the held handle, and a path that no longer names it (replaced since it was opened) fails closed.
  const held = fileIdOf(source.file.stamp);
  const facts: ImageFacts = { ...found, fileId: held, size: source.size, sizeIsEstimate: source.sizeIsEstimate };
  if (found.fileId && (found.fileId.dev !== held.dev || found.fileId.ino !== held.ino)) {
    facts.holderDisks = null;
    facts.holderError = 'the file at that path was replaced after it was opened';
  }
  if (source.minSize !== undefined) facts.minSize = source.minSize;
  return facts;
}

/** Resolves and judges every target; throws the first refusal (nothing has been written). */
export async function judgeTargets(
  source: ImageSource,
  devices: string[],
  options: { allowSystemDrive: boolean; expected?: Record<string, ExpectedDrive> },
): Promise<JudgedTarget[]> {
  if (devices.length === 0) throw new ImprintError('E_USAGE', { detail: 'No target drive given.' });
  const facts = await imageFacts(source);
  const judged: JudgedTarget[] = [];
  for (const path of devices) {
    const drive = await resolveDrive(path);
    if (judged.some((j) => j.drive.device === drive.device)) {
      throw new ImprintError('E_USAGE', { detail: `${drive.device} is named twice.` });
    }
    const verdict = judgeDrive(drive, facts, { allowSystemDrive: options.allowSystemDrive });
    const refused = firstRefusal(verdict);
    if (refused?.error) {
      throw new ImprintError(refused.error, { device: drive.device, detail: refused.detail });
    }
    const expected = options.expected?.[path] ?? options.expected?.[drive.device];
    const changed = expected ? chosenDriveDifference(expected, drive) : null;
    if (changed) throw new ImprintError('E_SIZE_CHANGED', { device: drive.device, detail: changed });
    judged.push({ drive, verdict });
  }
  return judged;
}
