// A flash job: preflight → unmount → open → write (fan-out) → flush → verify → finish (re-read
// partition table, eject). Cancelling or failing mid-write clears the first MiB of the targets so
// that a half-written drive never looks like a valid disk (documented in the README).

import { ImprintError } from '../../app/errors.js';
import type { JobResult, Progress } from '../../app/progress.js';
import { allocAligned } from '../../native/index.js';
import { BlockTarget } from './block-target.js';
import { JobTarget } from './job-target.js';
import { judgeTargets, type ExpectedDrive } from './preflight.js';
import { ProgressMeter } from './progress-meter.js';
import { ejectDrive, unmountDrive } from './run-steps.js';
import type { ImageSource } from './source.js';
import { verifyPass } from './verify-pass.js';
import { DEFAULT_CHUNK, writePass } from './write-pass.js';

export interface FlashOptions {
  verify: boolean;
  eject: boolean;
  allowSystemDrive: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  expected?: Record<string, ExpectedDrive>;
  chunkSize?: number;
}

const WIPE_BYTES = 1024 * 1024;

export async function flash(source: ImageSource, devices: string[], options: FlashOptions): Promise<JobResult> {
  const started = performance.now();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const judged = await judgeTargets(source, devices, options);
  const targets = judged.map((j) => new JobTarget(j.drive));
  const meter = new ProgressMeter(options.onProgress ?? (() => undefined), () => targets.map((t) => t.progress()));
  let cancelled = false;
  meter.startPhase('preparing', targets.length);

  try {
    for (const t of targets) {
      if (options.signal?.aborted) throw new ImprintError('E_CANCELLED');
      try {
        await unmountDrive(t.drive);
        t.device = await BlockTarget.open(t.drive.device, { readOnly: false });
        if (t.drive.size !== null && t.device.size !== t.drive.size) {
          throw new ImprintError('E_SIZE_CHANGED', { device: t.drive.device, detail: `the device reports ${t.device.size} bytes` });
        }
      } catch (error) {
        t.fail(error);
      }
    }

    meter.startPhase('writing', source.size);
    await writePass(source, targets, meter, chunkSize, options.signal);

    if (options.verify && targets.some((t) => t.alive)) {
      meter.startPhase('verifying', source.size);
      await verifyPass(source, targets, meter, chunkSize, options.signal);
    }
  } catch (error) {
    const failure = error instanceof ImprintError ? error : new ImprintError('E_INTERNAL', { detail: String(error) });
    cancelled = failure.code === 'E_CANCELLED';
    for (const t of targets) {
      t.fail(cancelled ? new ImprintError('E_CANCELLED', { device: t.drive.device, detail: cancelledState(t) }) : failure);
    }
  }

  meter.startPhase('finishing', targets.length);
  await Promise.all(targets.map((t) => finishTarget(t, options.eject)));
  meter.flush();

  return {
    ok: targets.every((t) => t.error === null && t.writeComplete),
    cancelled,
    image: source.path,
    size: source.size,
    seconds: (performance.now() - started) / 1000,
    targets: targets.map((t) => t.result(source.size)),
  };
}

/** The known state a cancelled drive is left in (README: "Cancelling"). */
function cancelledState(t: JobTarget): string {
  if (t.writeComplete) return 'the image was written completely but not verified';
  if (t.writeStarted) return 'the drive holds an incomplete image, so its partition table was cleared; flash it again before use';
  return 'nothing was written to the drive';
}

async function finishTarget(t: JobTarget, eject: boolean): Promise<void> {
  const device = t.device;
  if (!device) return;
  if (t.writeStarted && !t.writeComplete) await clearPartitionTable(device);
  device.rereadPartitionTable();
  await device.close();
  t.device = null;
  if (eject && t.writeComplete) await ejectDrive(t.drive);
}

/** Best effort: a drive that failed mid-write may refuse this too. */
async function clearPartitionTable(device: BlockTarget): Promise<void> {
  try {
    const zeros = allocAligned(Math.min(WIPE_BYTES, device.size), 4096).fill(0);
    await device.write(zeros, zeros.length, 0);
    await device.sync();
  } catch {
    // The drive is already reported as failed; nothing more can be done from here.
  }
}
