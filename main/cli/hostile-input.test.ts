// The built CLI (dist/cli.js) as a real process on hostile input (issue 9): SIGTERM stops a long
// inspection or hash as Ctrl-C does, a checksum file that is a FIFO or /dev/zero no longer hangs
// or floods it, and "extract" refuses a file claiming more bytes than the image that holds it.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipOf, handIso } from '../test-support/fixtures/hostile.js';
import { collect, runImprint, startImprint, type CliRun } from '../test-support/cli.js';
import { makeFile, tempDir } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const MiB = 1024 * 1024;
const skip = missing({ tools: ['bzip2', 'mkfifo', 'truncate'] });

/** Starts imprint, waits until it is busy, sends SIGTERM, and collects how it ended. */
async function terminated(args: string[], busyAfterMs: number): Promise<CliRun> {
  const child = startImprint(args);
  const run = collect(child, { timeoutMs: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, busyAfterMs));
  expect(child.exitCode, 'still working when the signal is sent').toBeNull();
  const sent = Date.now();
  child.kill('SIGTERM');
  const result = await run;
  // A generous no-hang bound: the operation stops at its next chunk (well under a second).
  expect(Date.now() - sent).toBeLessThan(10_000);
  return result;
}

describe.skipIf(skip !== null)('imprint on hostile input', () => {
  const tmp = tempDir('imprint-cli-hostile-');
  const at = (name: string): string => join(tmp.dir, name);
  afterAll(() => tmp.remove());

  beforeAll(() => {
    // A gzip holding bzip2 streams of 45 MB of zeros each, behind an ISO whose root directory lies
    // 900 MiB in: inspecting it decodes for seconds in bzip2's JavaScript decoder. The gzip trailer
    // (never reached) claims 400 MiB, so the bzip2 layer's estimate covers the root.
    const iso = handIso([], 1000 * MiB, { rootSector: (900 * MiB) / 2048 });
    const head = execFileSync('bzip2', ['-9c'], { input: iso });
    const zeros = execFileSync('bzip2', ['-9c'], { input: Buffer.alloc(45_000_000) });
    const streams = Buffer.concat(Array.from({ length: Math.floor(MiB / zeros.length) }, () => zeros));
    writeFileSync(at('slow.iso.bz2.gz'), gzipOf([head, { repeat: streams, times: 3 }], { skipCrc: true, isize: 400 * MiB }));
  });

  it('SIGTERM stops a long inspection at once, with a clear message', async () => {
    const run = await terminated(['inspect', at('slow.iso.bz2.gz')], 2000);
    expect(run.stderr).toContain('Received SIGTERM, cancelling');
    expect(run.stderr).toContain('Cancelled');
    expect(run.stdout).not.toContain('boot');
    expect(run.code).toBe(1);
  }, 70_000);

  it('SIGTERM stops hashing a large file between chunks', async () => {
    const big = at('big.img');
    execFileSync('truncate', ['-s', '64G', big]);
    const run = await terminated(['hash', big, '--algorithm', 'md5'], 1500);
    expect(run.stderr).toContain('Cancelled: the checksum was not computed');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
  }, 70_000);

  it('passes over a FIFO next to the image instead of waiting on it, and refuses one given with --sums', async () => {
    const dir = at('fifo');
    mkdirSync(dir);
    const image = makeFile(join(dir, 'os.img'), 64 * 1024);
    execFileSync('mkfifo', [join(dir, 'os.img.sha256')]);
    const found = await runImprint(['hash', image], { timeoutMs: 20_000 });
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^sha256 {2}[0-9a-f]{64} {2}/);
    const given = await runImprint(['hash', image, '--sums', join(dir, 'os.img.sha256')], { timeoutMs: 20_000 });
    expect(given.code).toBe(2);
    expect(given.stderr).toContain('cannot be used (it is not a regular file');
  }, 60_000);

  it('refuses a --sums that is a link to /dev/zero before reading it', async () => {
    const image = makeFile(at('z.img'), 64 * 1024);
    symlinkSync('/dev/zero', at('SHA256SUMS'));
    const run = await runImprint(['hash', image, '--sums', at('SHA256SUMS')], { timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a regular file');
  }, 30_000);

  it('extract refuses a file whose extents claim more than the image, and writes nothing', async () => {
    // 40 multi-extent records of 1 MiB over a 1 MiB image: 40 MiB "inside" 1 MiB.
    const records = Array.from({ length: 40 }, (_, i) => ({ name: 'BIG.BIN', extent: 0, size: MiB, flags: i < 39 ? 0x80 : 0 }));
    const image = Buffer.alloc(MiB);
    handIso(records, MiB).copy(image);
    writeFileSync(at('extents.iso'), image);
    const out = at('big.out');
    const run = await runImprint(['extract', at('extents.iso'), 'BIG.BIN', out], { timeoutMs: 20_000 });
    expect(run.stderr).toContain('more than the 1048576 bytes of the whole image');
    expect(run.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
