// imprint hash, and flash --expect / --sums: the real CLI on real files and a loop device.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runImprint } from '../../test-support/cli.js';
import { blankLoop, makeFile, tempDir, type LoopDevice } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';

const MiB = 1024 * 1024;

describe('imprint hash', () => {
  const tmp = tempDir();
  let image: string;
  let sha256: string;
  beforeAll(() => {
    image = makeFile(join(tmp.dir, 'os.img'), 2 * MiB + 5);
    sha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
  });
  afterAll(() => tmp.remove());

  it('prints the SHA-256 of the file as downloaded', async () => {
    const run = await runImprint(['hash', image]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`sha256  ${sha256}  ${image}`);
    const md5 = await runImprint(['hash', image, '--algorithm', 'md5', '--json']);
    expect(jsonLines(md5.stdout)[0]).toMatchObject({ algorithm: 'md5', hash: createHash('md5').update(readFileSync(image)).digest('hex') });
  });

  it('exits 0 on a matching --expect and 2 with E_CHECKSUM_MISMATCH on a different one', async () => {
    expect((await runImprint(['hash', image, '--expect', sha256.toUpperCase()])).code).toBe(0);
    const bad = await runImprint(['hash', image, '--expect', 'f'.repeat(64), '--json']);
    expect(bad.code).toBe(2);
    expect(jsonLines(bad.stdout)[0]).toMatchObject({ type: 'error', code: 'E_CHECKSUM_MISMATCH' });
  });

  it('finds the line for the image in a --sums file, and refuses when there is none', async () => {
    const sums = join(tmp.dir, 'SUMS.txt');
    writeFileSync(sums, `SHA256 (other.img) = ${'0'.repeat(64)}\nSHA256 (os.img) = ${sha256}\n`);
    expect((await runImprint(['hash', image, '--sums', sums])).code).toBe(0);
    writeFileSync(sums, `${'0'.repeat(64)}  other.img\n`);
    const none = await runImprint(['hash', image, '--sums', sums]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`The checksum file ${sums} has no checksum for os.img. Nothing was checked or written.`);
    expect(none.stderr).toContain('--expect');
    const json = await runImprint(['hash', image, '--sums', sums, '--json']);
    expect(json.code).toBe(2);
    // Its own code (the image was not compared with anything), with the facts as fields.
    expect(jsonLines(json.stdout)[0]).toMatchObject({ type: 'error', code: 'E_CHECKSUM_NOT_LISTED', path: sums, detail: 'os.img' });
  });

  it('uses a sidecar next to the image without being told', async () => {
    writeFileSync(`${image}.sha256`, `${'1'.repeat(64)}  os.img\n`);
    const run = await runImprint(['hash', image]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not match its expected checksum');
  });
});

const skip = missing({ root: true, tools: ['losetup'] });

describe.skipIf(skip !== null)('imprint flash --expect / --sums', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('hashes the bytes it writes: a mismatch exits 2 and leaves the drive empty-looking; a match writes', async () => {
    const image = makeFile(join(tmp.dir, 'img.bin'), 5 * MiB);
    const target = blankLoop(tmp.dir, 't.bin', 8 * MiB);
    loops.push(target);
    // Old contents with a partition table: the failed job must not leave anything that looks valid.
    writeFileSync(target.backingFile, Buffer.alloc(8 * MiB, 0x5a));
    const refused = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--expect', 'a'.repeat(64)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('does not match its expected checksum');
    expect(refused.stderr).toContain(`Nothing usable was written: ${target.device} was left without a partition table`);
    const device = readFileSync(target.backingFile);
    // The image's first MiB is committed only after its checksum matched; the drive's last MiB was cleared first.
    expect(device.subarray(0, MiB).every((b) => b === 0)).toBe(true);
    expect(device.subarray(7 * MiB).every((b) => b === 0)).toBe(true);
    const sums = join(tmp.dir, 'SHA256SUMS');
    writeFileSync(sums, `${createHash('sha256').update(readFileSync(image)).digest('hex')} *img.bin\n`);
    const ok = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--sums', sums]);
    expect(ok.code).toBe(0);
  });

  it('refuses a --sums file without the image\'s line before writing, with the same code as hash', async () => {
    const image = makeFile(join(tmp.dir, 'unlisted.bin'), 2 * MiB);
    const target = blankLoop(tmp.dir, 'u.bin', 4 * MiB);
    loops.push(target);
    writeFileSync(target.backingFile, Buffer.alloc(4 * MiB, 0x5a));
    const sums = join(tmp.dir, 'OTHER-SUMS');
    writeFileSync(sums, `${'0'.repeat(64)}  other.img\n`);
    const run = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--json', '--sums', sums]);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: 'error', code: 'E_CHECKSUM_NOT_LISTED', path: sums, detail: 'unlisted.bin' });
    expect(readFileSync(target.backingFile).every((b) => b === 0x5a)).toBe(true);
  });
});
