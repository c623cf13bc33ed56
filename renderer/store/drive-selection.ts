// Which drives the window shows and which of them may be chosen: pure functions of the drive list,
// the settings and the mode, so the store and the components agree and tests can pin them.

import { acknowledgementsNeeded } from '../../app/acknowledgement.js';
import type { RuleCode } from '../../app/drive-rules.js';
import type { DriveView, Settings } from '../../app/ipc-contract.js';

export type Mode = 'flash' | 'verify';

/** System and virtual drives stay hidden unless the settings say otherwise (main may filter too). */
export function isDriveVisible(drive: DriveView, settings: Settings): boolean {
  if (drive.isSystem && !settings.showSystemDrives) return false;
  if (drive.isVirtual && !settings.showVirtualDrives) return false;
  return true;
}

export function visibleDrives(drives: DriveView[], settings: Settings): DriveView[] {
  return drives.filter((d) => isDriveVisible(d, settings));
}

/** Checking a drive writes nothing, so a read-only (locked) drive may be checked. */
const VERIFY_ALLOWS: readonly RuleCode[] = ['READ_ONLY'];

export function isSelectable(drive: DriveView, mode: Mode): boolean {
  if (mode === 'flash') return drive.verdict.status !== 'refused';
  return drive.verdict.findings.every((f) => f.severity !== 'refused' || VERIFY_ALLOWS.includes(f.code));
}

/** The refusals that keep a drive from being chosen in this mode. */
export function blockingFindings(drive: DriveView, mode: Mode): DriveView['verdict']['findings'] {
  return drive.verdict.findings.filter((f) => f.severity === 'refused' && (mode === 'flash' || !VERIFY_ALLOWS.includes(f.code)));
}

/**
 * A removable drive with nothing against it but mounted volumes (most sticks are auto-mounted) is
 * the obvious target; it is preselected only when it is the only one, so nothing is guessed. The
 * bus and the removable flag never outweigh a finding: a root disk on USB (a Pi booting from a USB
 * SSD) is removable and USB, and is judged a system drive by its mounts.
 */
function isObviousTarget(drive: DriveView): boolean {
  if (drive.verdict.status === 'refused' || drive.isSystem || drive.isReadOnly || !drive.isRemovable) return false;
  if (drive.verdict.findings.some((f) => f.severity === 'refused' || f.code === 'SYSTEM_DRIVE')) return false;
  return drive.verdict.findings.every((f) => f.code === 'MOUNTED') && !needsAcknowledgement(drive);
}

export function preselection(drives: DriveView[], settings: Settings): string[] {
  const candidates = visibleDrives(drives, settings).filter(isObviousTarget);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only ? [only.driveId] : [];
}

/** Keeps the chosen drives that are still there, still visible and still selectable. */
export function pruneSelection(selected: string[], drives: DriveView[], settings: Settings, mode: Mode): string[] {
  const kept = selected.filter((id) => {
    const drive = drives.find((d) => d.driveId === id);
    return drive !== undefined && isDriveVisible(drive, settings) && isSelectable(drive, mode);
  });
  return mode === 'verify' ? kept.slice(0, 1) : kept;
}

/** Drives whose erasure needs a second, explicit acknowledgement in the confirmation (main checks it too). */
export function needsAcknowledgement(drive: DriveView): boolean {
  return acknowledgementsNeeded(drive).length > 0;
}
