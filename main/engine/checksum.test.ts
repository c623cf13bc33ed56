// Checksums of the file as downloaded: the sums formats distributions publish, sidecars, hashing.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFile, tempDir } from '../test-support/loop.js';
import { checkAgainst, findChecksumSidecar, findEntry, hashFile, parseSums } from './checksum.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('parseSums / findEntry', () => {
  it('reads GNU lines, including the * binary marker, and finds the image by name', () => {
    const entries = parseSums(`${A}  other.img\n${B} *raspios.img.xz\n`);
    expect(findEntry(entries, 'raspios.img.xz')).toMatchObject({ hex: B, algorithm: 'sha256' });
    expect(findEntry(entries, 'missing.img')).toBeNull();
  });

  it('reads BSD / Fedora lines and takes the algorithm from the tag', () => {
    const sha512 = 'c'.repeat(128);
    const entries = parseSums(`# Fedora-Workstation-40\nSHA256 (Fedora.iso) = ${A.toUpperCase()}\nSHA512 (Fedora.iso.sig) = ${sha512}\n`);
    expect(findEntry(entries, 'Fedora.iso')).toMatchObject({ hex: A, algorithm: 'sha256' });
    expect(findEntry(entries, 'Fedora.iso.sig')).toMatchObject({ algorithm: 'sha512' });
  });

  it('takes a bare .sha256 file holding only the hex as the image\'s checksum', () => {
    expect(findEntry(parseSums(`${A}\n`), 'anything.iso')).toMatchObject({ hex: A, name: null });
  });
});

describe('hashing and sidecars', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('hashes the file as it is on disk with each algorithm', async () => {
    const image = makeFile(join(tmp.dir, 'h.img'), 3 * 1024 * 1024 + 17);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(image);
    for (const algorithm of ['sha256', 'sha512', 'sha1', 'md5'] as const) {
      expect(await hashFile(image, algorithm)).toBe(createHash(algorithm).update(bytes).digest('hex'));
    }
    const good = await checkAgainst(image, createHash('md5').update(bytes).digest('hex'));
    expect(good).toMatchObject({ algorithm: 'md5', matches: true });
    expect((await checkAgainst(image, A)).matches).toBe(false);
  });

  it('finds <image>.sha256 first, then a SHA256SUMS that names the image, and ignores one that does not', async () => {
    const dir = join(tmp.dir, 'side');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const image = makeFile(join(dir, 'os.img.xz'), 1000);
    writeFileSync(join(dir, 'SHA256SUMS'), `${A}  unrelated.iso\n`);
    expect(await findChecksumSidecar(image)).toBeNull();
    writeFileSync(join(dir, 'Fedora-CHECKSUM'), `SHA256 (os.img.xz) = ${A}\n`);
    expect(await findChecksumSidecar(image)).toBe(join(dir, 'Fedora-CHECKSUM'));
    writeFileSync(join(dir, 'os.img.xz.sha256'), `${B}\n`);
    expect(await findChecksumSidecar(image)).toBe(join(dir, 'os.img.xz.sha256'));
  });
});
