// A write that is killed outright (SIGKILL: no cleanup runs) must never leave a drive that looks
// like a valid disk over a half-written body. The drive's first and last MiB are cleared before
// the image is written and the image's first MiB is written last, so at every point of the write
// the drive shows no partition table and no boot sector. Real process, real (rate-limited) device.

import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, jsonLines, startImprint } from '../test-support/cli.js';
import { readDevice, tempDir } from '../test-support/loop.js';
import { RIG_TOOLS, startRigDevice, type RigDevice } from '../test-support/nbd-rig.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: RIG_TOOLS });
const MiB = 1024 * 1024;
const DEVICE = 48 * MiB;

/** Old contents that look like a disk: the test proves they are gone, not merely never written. */
function prefill(device: string): void {
  const fd = openSync(device, 'r+');
  try {
    const old = Buffer.alloc(MiB, 0x5a);
    old.write('EFI PART', 512, 'latin1');
    old[510] = 0x55;
    old[511] = 0xaa;
    writeSync(fd, old, 0, MiB, 0);
    writeSync(fd, old, 0, MiB, DEVICE - MiB);
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(skip !== null)('a write killed with SIGKILL', () => {
  const tmp = tempDir();
  let image: string;
  let imageData: Buffer;
  const rigs: RigDevice[] = [];

  beforeAll(() => {
    imageData = randomBytes(40 * MiB);
    // A real-looking boot sector, so "looks valid" would be visible if it were written early.
    imageData[510] = 0x55;
    imageData[511] = 0xaa;
    image = join(tmp.dir, 'disk.img');
    writeFileSync(image, imageData);
  });

  afterAll(() => {
    for (const r of rigs) r.stop();
    tmp.remove();
  });

  for (const fraction of [0.1, 0.5, 0.9]) {
    it(`at ${fraction * 100}% of the write leaves a drive with no partition table and no boot sector`, async () => {
      // 8 MB/s: a slow USB 2.0 stick, so the kill lands where it is aimed (progress comes per 4 MiB chunk).
      const rig = await startRigDevice({ size: DEVICE, bytesPerSecond: 8 * MiB });
      rigs.push(rig);
      prefill(rig.device);
      const child = startImprint(['flash', image, rig.device, '--yes', '--no-eject', '--no-verify', '--json']);
      const done = collect(child, { timeoutMs: 60_000 });
      let seen = '';
      let killedAt = -1;
      child.stdout?.on('data', (d: Buffer) => {
        seen += d.toString();
        if (killedAt >= 0) return;
        const writing = jsonLines(seen.slice(0, seen.lastIndexOf('\n') + 1)).filter((e) => e.type === 'progress' && e.phase === 'writing');
        const bytes = Math.max(0, ...writing.map((e) => e.bytes as number));
        if (bytes >= fraction * imageData.length && bytes < imageData.length) {
          killedAt = bytes;
          child.kill('SIGKILL');
        }
      });
      const run = await done;
      expect(run.signal).toBe('SIGKILL');
      expect(killedAt).toBeGreaterThan(0);

      const first = readDevice(rig.device, MiB, 0);
      const last = readDevice(rig.device, MiB, DEVICE - MiB);
      expect(first.equals(Buffer.alloc(MiB)), 'first MiB cleared, image head not yet committed').toBe(true);
      expect(last.equals(Buffer.alloc(MiB)), 'old GPT backup header cleared').toBe(true);
      // The body up to where it was killed is the image's: the kill really was mid-write.
      expect(readDevice(rig.device, 64 * 1024, MiB).equals(imageData.subarray(MiB, MiB + 64 * 1024))).toBe(true);
    });
  }

  it('runs to the end: the held-back first MiB is committed and the whole image verifies', async () => {
    const rig = await startRigDevice({ size: DEVICE });
    rigs.push(rig);
    prefill(rig.device);
    const run = await collect(startImprint(['flash', image, rig.device, '--yes', '--no-eject', '--json']), { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(readDevice(rig.device, imageData.length).equals(imageData)).toBe(true);
    // Past the image, the drive's last MiB was cleared (no stale GPT backup header survives).
    expect(readDevice(rig.device, MiB, DEVICE - MiB).equals(Buffer.alloc(MiB))).toBe(true);
  });
});
