// Drive-safety rules: pure functions of plain values, used by the UI, the CLI and again by the
// code that opens the device. A refusal means nothing is written; a warning needs confirmation.

import { notPhysicalByPath } from './block-kind.js';
import { isSystemMountpoint, type Drive, type FileId } from './drive.js';
import { errorMessage, type ErrorCode } from './errors.js';
import { formatBytes } from './format.js';

/** Drives above this size are more likely backup disks than USB sticks: ask first. */
export const LARGE_DRIVE_BYTES = 128e9;

export type RuleCode =
  | 'SYSTEM_DRIVE'
  | 'PARTITION'
  | 'READ_ONLY'
  | 'TOO_SMALL'
  | 'SOURCE_DRIVE'
  | 'SOURCE_UNKNOWN'
  | 'NOT_PHYSICAL'
  | 'SIZE_UNKNOWN'
  | 'LARGE_DRIVE'
  | 'NOT_REMOVABLE'
  | 'MOUNTED';

export interface RuleFinding {
  code: RuleCode;
  severity: 'refused' | 'warning';
  /** Error code used when a refusal is reported as a failure. */
  error: ErrorCode | null;
  message: string;
  /** For a refusal: the reason given to the error's message, so it can be re-raised as an error unchanged. */
  detail?: string;
}

export interface DriveVerdict {
  status: 'ok' | 'warning' | 'refused';
  findings: RuleFinding[];
}

export interface ImageFacts {
  /** Path of the image file, resolved (realpath: "./img.xz" and symlinks name the file itself). */
  path: string;
  /** Device and inode of the image file: a hard link or a bind-mounted view of it is the same file. */
  fileId?: FileId | null;
  /** Bytes the drive will receive (exact, or an estimate). */
  size: number;
  sizeIsEstimate: boolean;
  /** For an estimate: the least the image can be (refuse only when this exceeds the drive). */
  minSize?: number;
  /**
   * Whole-disk devices that hold the image file (its file system's disk, loop backing chains), or
   * null when they could not be found: then no drive can be ruled out and every drive is refused.
   */
  holderDisks: string[] | null;
  /** Why holderDisks is null. */
  holderError?: string;
}

export interface RuleOptions {
  allowSystemDrive: boolean;
}

export interface SystemEvidence {
  isSystem: boolean;
  reason: string | null;
}

/**
 * A drive is a system drive when it holds a system mount or active swap, when a system mount could
 * not be traced to any disk (it may be this one), or when the OS says so. Mounts decide, not the
 * bus: a removable USB disk holding / is a system drive like any other.
 */
export function systemDriveEvidence(drive: Drive): SystemEvidence {
  const mount = drive.mountpoints.find((m) => isSystemMountpoint(m.path));
  if (mount) return { isSystem: true, reason: `${mount.device} is mounted at ${mount.path}` };
  const untraced = drive.untracedSystemMounts?.[0];
  if (untraced) {
    return { isSystem: true, reason: `${untraced} cannot be traced to a disk, so this drive may hold it` };
  }
  const swap = drive.mountpoints.find((m) => m.path === '[SWAP]');
  if (swap) return { isSystem: true, reason: `${swap.device} is in use as swap` };
  if (drive.isSystemReported) return { isSystem: true, reason: 'the operating system reports it as a system drive' };
  return { isSystem: false, reason: null };
}

function refusal(code: RuleCode, error: ErrorCode, drive: Drive, detail?: string): RuleFinding {
  const finding: RuleFinding = { code, severity: 'refused', error, message: errorMessage(error, { device: drive.device, detail }) };
  if (detail !== undefined) finding.detail = detail;
  return finding;
}

function warning(code: RuleCode, message: string): RuleFinding {
  return { code, severity: 'warning', error: null, message };
}

/** Judges one drive for one image (or for no image yet: size rules are then skipped). */
export function judgeDrive(drive: Drive, image: ImageFacts | null, options: RuleOptions): DriveVerdict {
  const findings: RuleFinding[] = [];

  if (drive.kind === 'partition') {
    findings.push(refusal('PARTITION', 'E_PARTITION', drive, drive.parent ?? undefined));
  }
  const layer = notPhysicalReason(drive);
  if (layer) findings.push(refusal('NOT_PHYSICAL', 'E_NOT_PHYSICAL', drive, layer));
  const system = systemDriveEvidence(drive);
  if (system.isSystem) {
    if (options.allowSystemDrive) {
      findings.push(warning('SYSTEM_DRIVE', `${drive.device} is a system drive (${system.reason ?? ''}); the override is on.`));
    } else {
      findings.push(refusal('SYSTEM_DRIVE', 'E_SYSTEM_DRIVE', drive, system.reason ?? undefined));
    }
  }
  if (drive.isReadOnly) findings.push(refusal('READ_ONLY', 'E_READ_ONLY', drive));

  if (image) {
    const holder = sourceDriveReason(drive, image);
    if (holder) findings.push(refusal('SOURCE_DRIVE', 'E_SOURCE_DRIVE', drive, holder));
    const unknown = holder ? null : sourceUnknownReason(drive, image);
    if (unknown) findings.push(refusal('SOURCE_UNKNOWN', 'E_SOURCE_UNKNOWN', drive, unknown));
    if (drive.size === null) {
      findings.push(refusal('SIZE_UNKNOWN', 'E_NOT_A_DRIVE', drive, 'it reports no size; is there a card in the reader?'));
    } else {
      const least = image.sizeIsEstimate ? (image.minSize ?? 0) : image.size;
      if (least > drive.size) {
        const what = image.sizeIsEstimate ? 'at least ' : '';
        findings.push(
          refusal('TOO_SMALL', 'E_TOO_SMALL', drive, `the image needs ${what}${formatBytes(least)}, the drive has ${formatBytes(drive.size)}`),
        );
      }
    }
  }

  if (drive.size !== null && drive.size > LARGE_DRIVE_BYTES) {
    findings.push(warning('LARGE_DRIVE', `${drive.device} is ${formatBytes(drive.size)}, larger than a typical USB stick or card.`));
  }
  if (!drive.isRemovable) {
    findings.push(warning('NOT_REMOVABLE', `${drive.device} is not a removable drive.`));
  }
  const dataMounts = drive.mountpoints.filter((m) => m.path !== '[SWAP]' && !isSystemMountpoint(m.path));
  if (dataMounts.length > 0) {
    const where = dataMounts.map((m) => m.path).join(', ');
    findings.push(warning('MOUNTED', `${drive.device} has mounted volumes (${where}); they will be unmounted and erased.`));
  }

  const status = findings.some((f) => f.severity === 'refused') ? 'refused' : findings.length > 0 ? 'warning' : 'ok';
  return { status, findings };
}

/** Device-mapper, md, network and RAM devices, by what drives.ts found in sysfs or by the path's name. */
function notPhysicalReason(drive: Drive): string | null {
  return drive.notPhysical ?? notPhysicalByPath(drive.device) ?? (drive.parent ? notPhysicalByPath(drive.parent) : null);
}

function showsFile(ids: FileId[] | undefined, file: FileId | null | undefined): boolean {
  return !!file && !!ids && ids.some((id) => id.dev === file.dev && id.ino === file.ino);
}

function sourceDriveReason(drive: Drive, image: ImageFacts): string | null {
  if (drive.backingFile !== null && (drive.backingFile === image.path || showsFile(drive.backingFileIds, image.fileId))) {
    return `${drive.device} shows the image file ${image.path}`;
  }
  const target = drive.kind === 'partition' && drive.parent ? drive.parent : drive.device;
  if (image.holderDisks?.includes(target)) return `${image.path} is stored on it`;
  return null;
}

/** Fail closed: when it cannot be ruled out that the drive holds or shows the image, it is refused. */
function sourceUnknownReason(drive: Drive, image: ImageFacts): string | null {
  if (image.holderDisks === null) {
    return `the drive that holds ${image.path} could not be found${image.holderError ? `: ${image.holderError}` : ''}`;
  }
  if (drive.backingFile !== null && drive.backingFileIds?.length === 0) {
    const file = drive.backingFile.replace(/ \(deleted\)$/, ', since deleted');
    return `it shows ${file}, which cannot be compared with the image file`;
  }
  return null;
}

/** The first refusal, as the error a writer reports. */
export function firstRefusal(verdict: DriveVerdict): RuleFinding | null {
  return verdict.findings.find((f) => f.severity === 'refused') ?? null;
}
