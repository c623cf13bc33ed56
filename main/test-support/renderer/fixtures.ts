// Plain values shaped like what main sends, for component tests.

import type { DriveVerdict, RuleCode, RuleFinding } from '../../../app/drive-rules.js';
import type { ImageInfo } from '../../../app/inspect/image-info.js';
import type { DriveView, ImageSummary } from '../../../app/ipc-contract.js';
import type { JobResult, Progress, TargetResult } from '../../../app/progress.js';

export function imageInfo(overrides: Partial<ImageInfo> = {}): ImageInfo {
  return {
    path: '/home/me/debian.iso',
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

const REFUSED: readonly RuleCode[] = ['SYSTEM_DRIVE', 'PARTITION', 'READ_ONLY', 'TOO_SMALL', 'SOURCE_DRIVE', 'SOURCE_UNKNOWN', 'NOT_PHYSICAL', 'SIZE_UNKNOWN'];

export function finding(code: RuleCode, message = `${code} because of a test`): RuleFinding {
  const refused = REFUSED.includes(code);
  return { code, severity: refused ? 'refused' : 'warning', error: refused ? 'E_TOO_SMALL' : null, message };
}

export function verdict(findings: RuleFinding[]): DriveVerdict {
  const status = findings.some((f) => f.severity === 'refused') ? 'refused' : findings.length > 0 ? 'warning' : 'ok';
  return { status, findings };
}

export function driveView(overrides: Partial<DriveView> & { findings?: RuleFinding[] } = {}): DriveView {
  const { findings = [], ...rest } = overrides;
  return {
    driveId: '/dev/sdb',
    device: '/dev/sdb',
    description: 'SanDisk Cruzer Blade',
    size: 16_008_609_792,
    busType: 'USB',
    isRemovable: true,
    isVirtual: false,
    isSystem: false,
    isReadOnly: false,
    volumes: [],
    verdict: verdict(findings),
    ...rest,
  };
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
