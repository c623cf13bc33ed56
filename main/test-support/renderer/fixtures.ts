// Plain values shaped like what main sends, for component tests. Drive verdicts come from the real
// rules (app/drive-rules.ts), judged on a Drive as the engine scans it, and a drive becomes a view the
// way main's DriveWatch makes it: a fixture cannot claim a verdict the rules would never give.

import type { Drive } from '../../../app/drive.js';
import { usbStick } from '../drive-fixture.js';
import { judgeDrive, systemDriveEvidence, type DriveVerdict, type ImageFacts, type RuleCode, type RuleFinding } from '../../../app/drive-rules.js';
import type { ImageInfo } from '../../../app/inspect/image-info.js';
import type { DriveView, ImageSummary } from '../../../app/ipc-contract.js';
import type { JobResult, Progress, TargetResult } from '../../../app/progress.js';

/** Where the fake's files are, unless a test says otherwise. */
export const DOWNLOADS = '/home/me/Downloads';

export function imageInfo(overrides: Partial<ImageInfo> = {}): ImageInfo {
  return {
    path: 'debian.iso',
    size: 659_554_304,
    sizeIsEstimate: false,
    container: 'raw',
    label: 'Debian 12.5.0 amd64 n',
    filesystems: ['iso9660', 'joliet', 'rockridge'],
    partitionTable: 'gpt',
    partitions: [{ index: 1, type: 'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7', start: 0, size: 659_554_304, name: 'ISOHybrid' }],
    elTorito: { bios: true, uefi: true },
    usbBoot: { bios: true, uefi: true },
    windowsInstaller: false,
    warnings: [],
    ...overrides,
  };
}

export function imageSummary(overrides: Partial<ImageSummary> = {}): ImageSummary {
  return {
    imageId: 'img-1',
    name: 'debian.iso',
    size: 659_554_304,
    sizeIsEstimate: false,
    container: 'raw',
    info: imageInfo(),
    inspectError: null,
    checksumSidecar: null,
    ...overrides,
  };
}

/** What the rules know of an image (main/engine/preflight.ts's imageFacts): a local file, on no drive in the list. */
export function imageFacts(summary: ImageSummary = imageSummary(), path = `${DOWNLOADS}/${summary.name}`): ImageFacts {
  return { path, fileId: null, size: summary.size, sizeIsEstimate: summary.sizeIsEstimate, holderDisks: [] };
}

/** A drive as the engine scans it: by default a 16 GB USB stick with nothing mounted. */
export function drive(overrides: Partial<Drive> = {}): Drive {
  return usbStick({ size: 16_008_609_792, ...overrides });
}

/** A drive as the window sees it, judged for an image (or for none yet): what main's DriveWatch sends. */
export function viewOf(d: Drive, image: ImageFacts | null, driveId: string = d.device): DriveView {
  return {
    driveId,
    device: d.device,
    description: d.description,
    size: d.size,
    busType: d.busType,
    isRemovable: d.isRemovable,
    isVirtual: d.isVirtual,
    isSystem: systemDriveEvidence(d).isSystem,
    isReadOnly: d.isReadOnly,
    volumes: d.mountpoints.filter((m) => m.path !== '[SWAP]').map((m) => ({ path: m.path, label: m.label })),
    verdict: judgeDrive(d, image, { allowSystemDrive: false }),
  };
}

/** The drive a view describes, for judging it: its volumes are mounted partitions, "system" is what the OS says. */
function driveBehind(view: Omit<DriveView, 'verdict'>): Drive {
  return drive({
    device: view.device,
    description: view.description,
    size: view.size,
    busType: view.busType,
    isRemovable: view.isRemovable,
    isVirtual: view.isVirtual,
    isReadOnly: view.isReadOnly,
    isSystemReported: view.isSystem,
    isUSB: view.busType === 'USB',
    mountpoints: view.volumes.map((v, i) => ({ path: v.path, label: v.label, device: `${view.device}${i + 1}` })),
  });
}

/**
 * The drive and image in which the rules find each code (and so give it its real severity and error):
 * a Record, so a rule added to RuleCode needs its condition here before anything compiles.
 */
const CONDITIONS: Record<RuleCode, { drive: Partial<Drive>; image?: Partial<ImageFacts> }> = {
  SYSTEM_DRIVE: { drive: { mountpoints: [{ path: '/', device: '/dev/sdb2', label: null }] } },
  PARTITION: { drive: { device: '/dev/sdb1', kind: 'partition', parent: '/dev/sdb' } },
  READ_ONLY: { drive: { isReadOnly: true } },
  TOO_SMALL: { drive: { size: 256_000_000 }, image: {} },
  SOURCE_DRIVE: { drive: {}, image: { holderDisks: ['/dev/sdb'] } },
  SOURCE_UNKNOWN: { drive: {}, image: { holderDisks: null } },
  NOT_PHYSICAL: { drive: { notPhysical: 'it is a device-mapper device' } },
  SIZE_UNKNOWN: { drive: { size: null }, image: {} },
  LARGE_DRIVE: { drive: { size: 2_000_398_934_016 } },
  NOT_REMOVABLE: { drive: { isRemovable: false } },
  MOUNTED: { drive: { mountpoints: [{ path: '/media/me/MYSTICK', device: '/dev/sdb1', label: 'MYSTICK' }] } },
};

/** A finding as the rules make it (severity, error code, message); the message can be replaced by the test's own. */
export function finding(code: RuleCode, message?: string): RuleFinding {
  const condition = CONDITIONS[code];
  const image = condition.image ? { ...imageFacts(), ...condition.image } : null;
  const found = judgeDrive(drive(condition.drive), image, { allowSystemDrive: false }).findings.find((f) => f.code === code);
  if (!found) throw new Error(`fixtures: the rules no longer find ${code} in its condition; update CONDITIONS`);
  return message === undefined ? found : { ...found, message };
}

/** A verdict of these findings, with the status the rules give them. */
export function verdict(findings: RuleFinding[]): DriveVerdict {
  const status = findings.some((f) => f.severity === 'refused') ? 'refused' : findings.length > 0 ? 'warning' : 'ok';
  return { status, findings };
}

/**
 * A drive as main lists it. Its verdict is judged by the real rules from its own fields, for `image`
 * (none yet by default); `findings` or `verdict` replace it where a test needs a finding's own wording.
 */
export function driveView(overrides: Partial<DriveView> & { findings?: RuleFinding[] } = {}, image: ImageFacts | null = null): DriveView {
  const { findings, verdict: given, ...rest } = overrides;
  const fields = { ...viewOf(drive(), null), ...rest };
  const judged = given ?? (findings ? verdict(findings) : judgeDrive(driveBehind(fields), image, { allowSystemDrive: false }));
  return { ...fields, verdict: judged };
}

export function progress(overrides: Partial<Progress> = {}): Progress {
  return {
    phase: 'writing',
    bytes: 329_777_152,
    total: 659_554_304,
    speed: 41_800_000,
    eta: 8,
    targets: [{ device: '/dev/sdb', state: 'writing', bytes: 329_777_152 }],
    ...overrides,
  };
}

export function targetResult(overrides: Partial<TargetResult> = {}): TargetResult {
  return { device: '/dev/sdb', ok: true, written: true, verified: true, bytesWritten: 659_554_304, writeSpeed: 41_800_000, ...overrides };
}

export function jobResult(overrides: Partial<JobResult> = {}): JobResult {
  return { ok: true, cancelled: false, image: 'debian.iso', size: 659_554_304, seconds: 217, targets: [targetResult()], ...overrides };
}
