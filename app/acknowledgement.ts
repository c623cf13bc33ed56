// Which drives need their own, explicit tick in the confirmation before they are erased, and
// whether a flash request carries it. Pure and shared: the window shows the ticks from it and the
// service refuses a flash without them, so a window that skips a tick cannot write.

import type { DriveVerdict } from './drive-rules.js';

/**
 * Why a drive needs its own tick: larger than a stick, not removable, a system drive the override
 * let through (never in the window), or a virtual drive (a loop device shows a file someone keeps).
 */
export type AcknowledgementCode = 'LARGE_DRIVE' | 'NOT_REMOVABLE' | 'SYSTEM_DRIVE' | 'VIRTUAL';

export const ACKNOWLEDGEMENT_CODES: readonly AcknowledgementCode[] = ['LARGE_DRIVE', 'NOT_REMOVABLE', 'SYSTEM_DRIVE', 'VIRTUAL'];

/** What the user ticked for one drive: the reasons that were shown when the tick was given. */
export interface Acknowledgement {
  driveId: string;
  codes: AcknowledgementCode[];
}

export interface AcknowledgeableDrive {
  isVirtual: boolean;
  verdict: DriveVerdict;
}

export function acknowledgementsNeeded(drive: AcknowledgeableDrive): AcknowledgementCode[] {
  const needed = ACKNOWLEDGEMENT_CODES.filter((code) => drive.verdict.findings.some((f) => f.code === code));
  if (drive.isVirtual) needed.push('VIRTUAL');
  return needed;
}

/**
 * The reasons that need a tick but were not acknowledged. A tick covers the reasons shown when it
 * was given: a reason that appears later (the drive changed) needs a new tick.
 */
export function missingAcknowledgements(drive: AcknowledgeableDrive, given: readonly AcknowledgementCode[] | undefined): AcknowledgementCode[] {
  return acknowledgementsNeeded(drive).filter((code) => !(given ?? []).includes(code));
}
