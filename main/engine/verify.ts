// A verify-only job: compare a drive with an image, writing nothing.

import { chosenDriveDifference } from '../../app/drive-identity.js';
import { ImprintError } from '../../app/errors.js';
import type { JobResult, Progress } from '../../app/progress.js';
import { BlockTarget } from './block-target.js';
import { resolveDrive } from './drives.js';
import { JobTarget } from './job-target.js';
import { checkOpenedIsJudged } from './flash.js';
import type { ExpectedDrive } from './preflight.js';
import { ProgressMeter } from './progress-meter.js';
import type { ImageSource } from './source.js';
import { verifyPass } from './verify-pass.js';
import { DEFAULT_CHUNK } from './write-pass.js';

export interface VerifyOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  chunkSize?: number;
  /** The drive as the user chose it (the window, the writer); a different medium now is refused. */
  expected?: ExpectedDrive;
}

export async function verifyDrive(source: ImageSource, devicePath: string, options: VerifyOptions): Promise<JobResult> {
  const started = performance.now();
  const drive = await resolveDrive(devicePath);
  const changed = options.expected ? chosenDriveDifference(options.expected, drive) : null;
  if (changed) throw new ImprintError('E_SIZE_CHANGED', { device: drive.device, detail: changed });
  if (drive.size !== null && !source.sizeIsEstimate && drive.size < source.size) {
    throw new ImprintError('E_TOO_SMALL', { device: drive.device, detail: 'it cannot hold this image, so it cannot match it' });
  }
  const target = new JobTarget(drive);
  const meter = new ProgressMeter(options.onProgress ?? (() => undefined), () => [target.progress()]);
  let cancelled = false;
  meter.startPhase('preparing', 1);
  try {
    target.device = await BlockTarget.open(drive.device, { readOnly: true });
    await checkOpenedIsJudged(target.device, drive);
    target.writeComplete = true; // nothing to write: the drive is taken as it is
    meter.startPhase('verifying', source.size);
    await verifyPass(source, [target], meter, options.chunkSize ?? DEFAULT_CHUNK, options.signal);
  } catch (error) {
    cancelled = error instanceof ImprintError && error.code === 'E_CANCELLED';
    target.fail(cancelled ? new ImprintError('E_CANCELLED', { device: drive.device, detail: 'the comparison stopped; nothing was written' }) : error);
  } finally {
    await target.device?.close();
    target.device = null;
  }
  meter.startPhase('finishing', 1);
  const result = target.result(source.size);
  return {
    kind: 'verify',
    ok: target.verified,
    cancelled,
    image: source.path,
    size: source.size,
    seconds: (performance.now() - started) / 1000,
    targets: [{ ...result, written: false, imageWritten: 'nothing', bytesWritten: 0, writeSpeed: null }],
  };
}
