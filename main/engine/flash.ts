// A flash job: preflight → unmount → open (and check it is the judged drive) → write (fan-out, the
// partition table last: write-pass.ts) → flush → verify → finish (re-read partition table, eject).
// Cancelling or failing mid-write clears the first MiB again, best effort, so that a half-written
// drive never looks like a valid disk (documented in the README).

import { createHash } from 'node:crypto';
import { identityDifference } from '../../app/drive-identity.js';
import { ImprintError } from '../../app/errors.js';
import type { Drive } from '../../app/drive.js';
import type { ImageWritten, JobResult, Progress, TargetResult } from '../../app/progress.js';
import { allocAligned } from '../../native/index.js';
import { BlockTarget } from './block-target.js';
import type { ExpectedSum } from './checksum.js';
import { JobTarget } from './job-target.js';
import { judgeTargets, type ExpectedDrive } from './preflight.js';
import { ProgressMeter } from './progress-meter.js';
import { ejectDrive, unmountDrive, type HeldVolumes } from './run-steps.js';
import type { ImageSource } from './source.js';
import { verifyPass } from './verify-pass.js';
import { DEFAULT_CHUNK, writePass, type WritePassOptions } from './write-pass.js';

/** The checksum the image file must have; checked on the very bytes that are written. `from` names its source for the message. */
export type ExpectedChecksum = ExpectedSum;

export interface FlashOptions {
  checksum?: ExpectedChecksum;
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
  const ejected = new Map<JobTarget, boolean>();
  // Windows: the volume locks each target's unmount took, held until the job is over with that drive.
  const held = new Map<JobTarget, HeldVolumes>();
  const meter = new ProgressMeter(options.onProgress ?? (() => undefined), () => targets.map((t) => t.progress()));
  let cancelled = false;
  meter.startPhase('preparing', targets.length);

  try {
    for (const t of targets) {
      if (options.signal?.aborted) throw new ImprintError('E_CANCELLED');
      try {
        held.set(t, await unmountDrive(t.drive));
        t.device = await BlockTarget.open(t.drive.device, { readOnly: false });
        await checkOpenedIsJudged(t.device, t.drive);
      } catch (error) {
        t.fail(error);
      }
    }

    const pass = await checksumHooks(source, options.checksum, options.signal);
    meter.startPhase('writing', source.size);
    await writePass(source, targets, meter, chunkSize, pass);

    if (options.verify && targets.some((t) => t.alive)) {
      meter.startPhase('verifying', source.size);
      await verifyPass(source, targets, meter, chunkSize, options.signal);
      // A file changed in place while it was compared proves nothing.
      await source.checkUnchanged();
    }
  } catch (error) {
    const failure = error instanceof ImprintError ? error : new ImprintError('E_INTERNAL', { detail: String(error) });
    cancelled = failure.code === 'E_CANCELLED';
    for (const t of targets) {
      if (cancelled) t.fail(new ImprintError('E_CANCELLED', { device: t.drive.device, detail: CANCELLED_STATE[imageWritten(t)] }));
      else if (t.writeStarted && !failure.context.device) t.fail(new ImprintError(failure.code, { ...failure.context, device: t.drive.device }));
      else t.fail(failure);
    }
  }

  meter.startPhase('finishing', targets.length);
  await Promise.all(
    targets.map(async (t) => {
      const out = await finishTarget(t, options.eject, held.get(t));
      if (out !== null) ejected.set(t, out);
    }),
  );
  meter.flush();

  return {
    kind: 'flash',
    ok: targets.every((t) => t.error === null && t.writeComplete),
    cancelled,
    image: source.path,
    size: source.size,
    seconds: (performance.now() - started) / 1000,
    targets: targets.map((t) => targetResult(t, source.size, ejected.get(t))),
  };
}

/** What the drive holds, from how far its write got (write-pass.ts sets the two marks). */
function imageWritten(t: JobTarget): ImageWritten {
  if (t.writeComplete) return 'all';
  return t.writeStarted ? 'partly' : 'nothing';
}

/** The per-target result with the facts each surface words for itself: what was written, whether it was ejected. */
function targetResult(t: JobTarget, imageSize: number, ejected: boolean | undefined): TargetResult {
  const result: TargetResult = { ...t.result(imageSize), imageWritten: imageWritten(t) };
  if (ejected !== undefined) result.ejected = ejected;
  return result;
}

/**
 * How the write pass proves the image is the file the user meant. A source that reads the file from
 * start to end hashes exactly the bytes it decodes and writes, and the hash is compared before the
 * drive's first MiB is committed: a mismatch leaves the drive looking empty. Other containers (DMG,
 * VHD, zip, BIN/CUE read the file out of order) are hashed through the same open handle before
 * anything is written, and the file is checked unchanged (fstat) before the commit.
 */
async function checksumHooks(source: ImageSource, checksum: ExpectedChecksum | undefined, signal?: AbortSignal): Promise<WritePassOptions> {
  const mismatch = (actual: string): ImprintError =>
    new ImprintError('E_CHECKSUM_MISMATCH', { path: source.path, detail: `${checksum?.algorithm} is ${actual}, ${checksum?.from} expects ${checksum?.hex}` });
  const hooks: WritePassOptions = { beforeCommit: () => source.checkUnchanged() };
  if (signal) hooks.signal = signal;
  if (!checksum) return hooks;
  if (!source.readsFileSequentially) {
    const actual = await source.hashFile(checksum.algorithm, signal);
    if (actual !== checksum.hex) throw mismatch(actual);
    return hooks;
  }
  const hash = createHash(checksum.algorithm);
  hooks.onFileBytes = (bytes) => hash.update(bytes);
  hooks.beforeCommit = async () => {
    await source.checkUnchanged();
    const actual = hash.digest('hex');
    if (actual !== checksum.hex) throw mismatch(actual);
  };
  return hooks;
}

/**
 * The device now held exclusively must be the drive that was judged (and that the user chose): the
 * path could name another medium since (a card swapped in the reader between scan and open).
 */
export async function checkOpenedIsJudged(device: BlockTarget, drive: Drive): Promise<void> {
  const changed =
    drive.size !== null && device.size !== drive.size
      ? `the device reports ${device.size} bytes, not the ${drive.size} it had when judged`
      : await openedDifference(device, drive);
  if (changed) throw new ImprintError('E_SIZE_CHANGED', { device: drive.device, detail: changed });
}

/**
 * Compares the fields the open descriptor can tell (Linux: device number and diskseq; on Linux a
 * missing diskseq is compared as unknown, so fail closed). macOS and Windows descriptors report
 * nothing here: there the re-scan just before opening carries the identity check (preflight).
 */
async function openedDifference(device: BlockTarget, drive: Drive): Promise<string | null> {
  const opened = await device.identity();
  if (process.platform !== 'linux') return null;
  return identityDifference({ mediaId: drive.identity.mediaId, devNumber: drive.identity.devNumber }, opened);
}

/** The known state a cancelled drive is left in (README: "Cancelling"), as the E_CANCELLED detail. */
const CANCELLED_STATE: Record<ImageWritten, string> = {
  all: 'the image was written completely but not verified',
  partly: 'the drive holds an incomplete image, so its partition table was cleared; write it again before use',
  nothing: 'nothing was written to the drive',
};

/** Closes the target; returns whether it was ejected, or null when no eject was due (not asked, not written, or virtual: never ejected). */
async function finishTarget(t: JobTarget, eject: boolean, volumes: HeldVolumes | undefined): Promise<boolean | null> {
  const device = t.device;
  try {
    if (!device) return null;
    if (t.writeStarted && !t.writeComplete) await clearPartitionTable(device);
    device.rereadPartitionTable();
    await device.close();
    t.device = null;
  } finally {
    // After the last write and read-back, failed or not, and before the eject (the Shell's eject locks the volume itself).
    await volumes?.release();
  }
  return eject && t.writeComplete && !t.drive.isVirtual ? ejectDrive(t.drive) : null;
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
