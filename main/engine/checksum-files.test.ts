// Checksum files are read only when they are small regular files (issue 9): a FIFO named SHA256SUMS
// used to hang `imprint hash` and the window, and a .sha256 symlink to /dev/zero read 2 GiB.

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFile, tempDir } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { checkAgainstSumsFile, findChecksumSidecar, MAX_SUMS_BYTES, readChecksumFile } from './checksum.js';

const A = 'a'.repeat(64);
const skip = missing({ tools: ['mkfifo'] });

describe.skipIf(skip !== null)('reading checksum files', () => {
  const tmp = tempDir('imprint-sums-');
  afterAll(() => tmp.remove());
  let n = 0;
  const folder = (): string => {
    const dir = join(tmp.dir, `d${n++}`);
    mkdirSync(dir);
    return dir;
  };

  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    const dir = folder();
    const fifo = join(dir, 'SHA256SUMS');
    execFileSync('mkfifo', [fifo]);
    await expect(readChecksumFile(fifo)).rejects.toMatchObject({
      code: 'E_CHECKSUM_FILE_UNUSABLE',
      message: expect.stringContaining('not a regular file') as unknown,
    });
    const image = makeFile(join(dir, 'os.img'), 4096);
    await expect(checkAgainstSumsFile(image, fifo)).rejects.toMatchObject({ code: 'E_CHECKSUM_FILE_UNUSABLE' });
  }, 10_000);

  it('refuses a symbolic link to /dev/zero without reading it', async () => {
    const link = join(folder(), 'os.img.sha256');
    symlinkSync('/dev/zero', link);
    const before = process.resourceUsage().maxRSS * 1024;
    await expect(readChecksumFile(link)).rejects.toMatchObject({ code: 'E_CHECKSUM_FILE_UNUSABLE' });
    expect(process.resourceUsage().maxRSS * 1024 - before).toBeLessThan(64 * 1024 * 1024);
  }, 10_000);

  it('checks the size first: a regular file over 1 MiB is refused, one under is read', async () => {
    const dir = folder();
    const big = join(dir, 'SHA256SUMS');
    writeFileSync(big, Buffer.alloc(MAX_SUMS_BYTES + 1, 0x20));
    await expect(readChecksumFile(big)).rejects.toMatchObject({ message: expect.stringContaining(`${MAX_SUMS_BYTES + 1} bytes`) as unknown });
    const small = join(dir, 'good.sha256');
    writeFileSync(small, `${A}  os.img\n`);
    expect(await readChecksumFile(small)).toBe(`${A}  os.img\n`);
    await expect(readChecksumFile(dir)).rejects.toMatchObject({ message: expect.stringContaining('it is a folder') as unknown });
  });

  it('passes over sidecars that are not small regular files, and still finds a real one', async () => {
    const dir = folder();
    const image = makeFile(join(dir, 'os.img'), 4096);
    execFileSync('mkfifo', [join(dir, 'SHA256SUMS')]);
    symlinkSync('/dev/zero', join(dir, 'os.img.sha256'));
    expect(await findChecksumSidecar(image)).toBeNull();
    writeFileSync(join(dir, 'os-CHECKSUM'), `SHA256 (os.img) = ${A}\n`);
    expect(await findChecksumSidecar(image)).toBe(join(dir, 'os-CHECKSUM'));
  }, 10_000);
});
