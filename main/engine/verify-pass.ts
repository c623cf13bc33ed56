// The verify pass: every live target is read back unbuffered (O_DIRECT, after dropping the kernel's
// cache of the device) and compared byte for byte with a fresh pass over the source. Comparing
// beats hashing here (memcmp runs far faster than any digest, see README) and names the first
// differing byte.

import { ImprintError } from '../../app/errors.js';
import { allocAligned } from '../../native/index.js';
import { roundUp } from './block-target.js';
import type { JobTarget } from './job-target.js';
import type { ProgressMeter } from './progress-meter.js';
import type { ImageSource } from './source.js';
import { ReadAhead } from './write-pass.js';

/** Index of the first differing byte of a and b within [0, length), or -1. */
export function firstDifference(a: Buffer, b: Buffer, length: number): number {
  if (a.subarray(0, length).equals(b.subarray(0, length))) return -1;
  // Narrow down in 64 KiB steps with memcmp, then byte by byte.
  const step = 65536;
  for (let start = 0; start < length; start += step) {
    const end = Math.min(length, start + step);
    if (a.subarray(start, end).equals(b.subarray(start, end))) continue;
    for (let i = start; i < end; i += 1) if (a[i] !== b[i]) return i;
  }
  return -1;
}

export async function verifyPass(
  source: ImageSource,
  targets: JobTarget[],
  meter: ProgressMeter,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<void> {
  const live = targets.filter((t) => t.alive);
  for (const t of live) {
    t.state = 'verifying';
    t.bytes = 0;
    try {
      t.device?.dropCache();
    } catch (error) {
      t.fail(error);
    }
  }
  const readBack = new Map(live.map((t) => [t, allocAligned(chunkSize, 4096)]));
  const reader = await source.openReader();
  try {
    const ahead = new ReadAhead(reader, chunkSize, 2);
    let done = 0;
    for (;;) {
      if (signal?.aborted) throw new ImprintError('E_CANCELLED');
      const checking = targets.filter((t) => t.alive && t.state === 'verifying');
      if (checking.length === 0) break;
      const chunk = await ahead.next();
      if (chunk.length === 0) break;
      await Promise.all(
        checking.map(async (t) => {
          const device = t.device;
          const buffer = readBack.get(t);
          if (!device || !buffer) return;
          try {
            const want = roundUp(chunk.length, device.logicalBlockSize);
            const got = await device.read(buffer, want, chunk.position);
            const diff = got < chunk.length ? Math.max(0, got) : firstDifference(chunk.buffer, buffer, chunk.length);
            if (diff >= 0) {
              t.fail(new ImprintError('E_VERIFY_MISMATCH', { device: t.drive.device, offset: chunk.position + diff }));
              return;
            }
            t.bytes = chunk.position + chunk.length;
          } catch (error) {
            t.fail(error);
          }
        }),
      );
      done = chunk.position + chunk.length;
      meter.update(done);
      if (chunk.length < chunkSize) break;
    }
    for (const t of targets) {
      if (t.alive && t.state === 'verifying') {
        t.verified = true;
        t.state = 'verified';
      }
    }
    meter.flush();
  } finally {
    await reader.close();
  }
}
