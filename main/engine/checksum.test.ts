// Checksums of the file as downloaded: the sums formats distributions publish, sidecars, hashing.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFile, tempDir } from '../test-support/loop.js';
import { HASH_ALGORITHMS } from '../../app/hash-algorithms.js';
import { checkAgainst, checkAgainstSumsFile, findChecksumSidecar, findEntry, hashFile, lookUpSumsFile, parseSums } from './checksum.js';

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

  it('reads a BSD line of every algorithm in the table', () => {
    for (const a of HASH_ALGORITHMS) {
      const hex = 'd'.repeat(a.hexLength);
      expect(findEntry(parseSums(`${a.name.toUpperCase()} (x.iso) = ${hex}\n`), 'x.iso'), a.name).toEqual({ algorithm: a.name, hex, name: 'x.iso' });
    }
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

  it('finds the sidecars of every algorithm in the table: <image>.md5, MD5SUMS …', async () => {
    const { mkdirSync } = await import('node:fs');
    for (const a of HASH_ALGORITHMS) {
      const dir = join(tmp.dir, `side-${a.name}`);
      mkdirSync(dir);
      const image = makeFile(join(dir, 'os.img'), 1000);
      writeFileSync(join(dir, `${a.sidecar.toUpperCase()}SUMS`), `${'e'.repeat(a.hexLength)}  os.img\n`);
      expect(await findChecksumSidecar(image), a.name).toBe(join(dir, `${a.sidecar.toUpperCase()}SUMS`));
      writeFileSync(join(dir, `os.img.${a.sidecar}`), `${'f'.repeat(a.hexLength)}\n`);
      expect(await findChecksumSidecar(image), a.name).toBe(join(dir, `os.img.${a.sidecar}`));
    }
  });

  it('one lookup for the CLI and the window: a sums file without the image\'s line is E_CHECKSUM_NOT_LISTED, not a mismatch', async () => {
    const image = makeFile(join(tmp.dir, 'listed.img'), 4096);
    const sums = join(tmp.dir, 'SHA256SUMS');
    writeFileSync(sums, `${A}  other.img\n`);
    const notListed = { code: 'E_CHECKSUM_NOT_LISTED', context: { path: sums, detail: 'listed.img' } };
    await expect(lookUpSumsFile(image, sums)).rejects.toMatchObject(notListed);
    await expect(checkAgainstSumsFile(image, sums)).rejects.toMatchObject(notListed);
    writeFileSync(sums, `${A}  other.img\n${B} *listed.img\n`);
    expect(await lookUpSumsFile(image, sums)).toEqual({ algorithm: 'sha256', hex: B, from: sums });
    expect(await checkAgainstSumsFile(image, sums)).toMatchObject({ algorithm: 'sha256', expected: B, matches: false });
  });
});
