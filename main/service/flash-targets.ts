// The service's own check of a flash request against its own current verdicts, before anything is
// started: the ticks in the window are not trusted to have been shown, only what the request says
// the user acknowledged, compared with what the rules say about each drive now, for this image.

import { missingAcknowledgements, type AcknowledgementCode } from '../../app/acknowledgement.js';
import type { Drive } from '../../app/drive.js';
import { firstRefusal, type ImageFacts } from '../../app/drive-rules.js';
import { ImprintError } from '../../app/errors.js';
import type { DriveView, FlashRequest } from '../../app/ipc-contract.js';

export interface Judge {
  judge(driveId: string, image: ImageFacts): { drive: Drive; view: DriveView } | null;
}

const REASONS: Record<AcknowledgementCode, string> = {
  LARGE_DRIVE: 'it is larger than a typical USB stick or card',
  NOT_REMOVABLE: 'it is not a removable drive',
  SYSTEM_DRIVE: 'it is a system drive',
  VIRTUAL: 'it is a virtual drive',
};

/** The drives to write, or the reason nothing may be started (a refusal, a missing tick). */
export function flashTargets(request: Pick<FlashRequest, 'driveIds' | 'acknowledged'>, image: ImageFacts, drives: Judge): { drives: Drive[]; views: DriveView[] } {
  if (request.driveIds.length === 0) throw new ImprintError('E_BAD_REQUEST', { detail: 'No drive was chosen.' });
  if (new Set(request.driveIds).size !== request.driveIds.length) throw new ImprintError('E_BAD_REQUEST', { detail: 'The same drive was chosen twice.' });
  const judged = request.driveIds.map((driveId) => {
    const found = drives.judge(driveId, image);
    if (!found) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That drive' });
    return { driveId, ...found };
  });
  // Every drive is checked before any is written: one refused drive stops the whole job.
  for (const { drive, view } of judged) {
    if (view.verdict.status !== 'refused') continue;
    const refusal = firstRefusal(view.verdict);
    if (!refusal?.error) throw new ImprintError('E_NOT_A_DRIVE', { device: drive.device, detail: 'the safety rules refuse it' });
    // Rebuilt from the rule's code and facts, so each surface words it itself.
    throw new ImprintError(refusal.error, { device: drive.device, ...(refusal.detail !== undefined ? { detail: refusal.detail } : {}) });
  }
  for (const { driveId, drive, view } of judged) {
    const given = request.acknowledged.filter((a) => a.driveId === driveId).flatMap((a) => a.codes);
    const missing = missingAcknowledgements(view, given);
    if (missing.length === 0) continue;
    const why = missing.map((code) => REASONS[code]).join(', ');
    throw new ImprintError('E_NOT_CONFIRMED', { device: drive.device, detail: `${why}, and its own confirmation was not given` });
  }
  return { drives: judged.map((j) => j.drive), views: judged.map((j) => j.view) };
}
