// Is this still the drive the user chose? Pure comparison of what was captured when the drive was
// chosen with what the drive shows now (a fresh scan, or the device just opened exclusively).
// A field known then but different or unknown now is a different drive: fail closed.

import type { DriveIdentity } from './drive.js';

export interface ChosenDrive {
  size: number | null;
  identity: DriveIdentity;
}

const LABELS: Record<keyof DriveIdentity, string> = {
  mediaId: 'media identity',
  devNumber: 'device number',
  serial: 'serial number',
  wwn: 'WWN',
};

/** Why `now` is not the identity captured as `then`, or null when every field known then still matches. */
export function identityDifference(then: Partial<DriveIdentity>, now: Partial<DriveIdentity>): string | null {
  for (const key of Object.keys(LABELS) as (keyof DriveIdentity)[]) {
    const was = then[key];
    if (was === null || was === undefined) continue;
    const is = now[key] ?? null;
    if (is !== was) return `its ${LABELS[key]} was ${was} when it was chosen and is ${is ?? 'unknown'} now`;
  }
  return null;
}

/** Why the drive seen now is not the one chosen (size first, then identity), or null. */
export function chosenDriveDifference(chosen: ChosenDrive, now: ChosenDrive): string | null {
  if (chosen.size !== now.size) {
    return `it was ${chosen.size ?? 'unknown'} bytes when it was chosen and is ${now.size ?? 'unknown'} bytes now`;
  }
  return identityDifference(chosen.identity, now.identity);
}
