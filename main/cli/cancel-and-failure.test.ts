// A cancelled job stops promptly, releases the drive and leaves it in the documented state; a drive
// that fails mid-write is reported with a clear message, never a hang.

import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, jsonLines, startImprint } from '../test-support/cli.js';
import { attachLoop, blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: ['losetup', 'mkfs.ext4', 'blockdev'] });
const MiB = 1024 * 1024;

describe.skipIf(skip !== null)('cancel and failing drives', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  const mounts: string[] = [];

  afterAll(() => {
    for (const l of loops) l.detach();
    for (const m of mounts) execFileSync('umount', [m], { stdio: 'ignore' });
    tmp.remove();
  });

  it('Ctrl-C mid-write stops promptly, clears the partition table and releases the drive', async () => {
    // A large sparse image whose first 4 MiB are random: the write takes seconds, so the signal lands mid-write.
    const image = makeFile(join(tmp.dir, 'big.img'), 3 * 1024 * MiB, 'zero');
    const head = randomBytes(4 * MiB);
    writeFileSync(image, head, { flag: 'r+' });
    const target = blankLoop(tmp.dir, 'cancel.bin', 3 * 1024 * MiB, { directIo: true });
    loops.push(target);

    const child = startImprint(['flash', image, target.device, '--yes', '--no-eject', '--json']);
    const done = collect(child, { timeoutMs: 120_000 });
    let signalledAt = 0;
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      const writing = jsonLines(seen.slice(0, seen.lastIndexOf('\n') + 1)).some(
        (e) => e.type === 'progress' && e.phase === 'writing' && (e.bytes as number) > 64 * MiB,
      );
      if (writing && signalledAt === 0) {
        signalledAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const run = await done;
    const stoppedWithin = performance.now() - signalledAt;

    expect(signalledAt).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(stoppedWithin).toBeLessThan(5000);
    const result = jsonLines(run.stdout).at(-1);
    expect(result).toMatchObject({ type: 'result', ok: false, cancelled: true });
    // The engine's own state of the drive, as a fact for every surface and in the message's words.
    expect(result?.targets).toMatchObject([{ ok: false, written: false, imageWritten: 'partly', error: { code: 'E_CANCELLED' } }]);
    expect(JSON.stringify(result)).toContain('partition table was cleared');
    // Known state: first MiB zeroed, the rest of what was written still there.
    expect(readDevice(target.device, MiB, 0).equals(Buffer.alloc(MiB))).toBe(true);
    expect(readDevice(target.device, 3 * MiB, MiB).equals(head.subarray(MiB))).toBe(true);
    // Released: an exclusive open succeeds at once.
    closeSync(openSync(target.device, constants.O_RDONLY | constants.O_EXCL));
  });

  it('a drive whose backing store fills up mid-write fails with a clear message', async () => {
    // The loop device claims 96 MiB, but its backing file lives on a 40 MiB file system.
    const fsFile = makeFile(join(tmp.dir, 'tiny-fs.bin'), 40 * MiB, 'zero');
    execFileSync('mkfs.ext4', ['-q', '-F', fsFile]);
    const mnt = join(tmp.dir, 'tiny');
    mkdirSync(mnt);
    execFileSync('mount', ['-o', 'loop', fsFile, mnt]);
    mounts.push(mnt);
    const backing = makeFile(join(mnt, 'sparse.bin'), 96 * MiB, 'zero');
    const target = attachLoop(backing);
    loops.push(target);
    const image = makeFile(join(tmp.dir, 'fill.img'), 80 * MiB);

    const run = await collect(startImprint(['flash', image, target.device, '--yes', '--no-eject']), { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${target.device}: Writing to ${target.device} failed at byte \\d+`));
    expect(run.stderr).toContain('try another port or another drive');
    // Writing had begun: the CLI says what the drive holds now.
    expect(run.stderr).toContain(`${target.device}: the drive holds an incomplete image and its partition table was cleared`);
    expect(readFileSync(image).length).toBe(80 * MiB);
  });
});
