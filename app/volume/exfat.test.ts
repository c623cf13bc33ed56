// Empty exFAT volumes judged by exfatprogs: fsck.exfat finds nothing to fix, dump.exfat and
// tune.exfat read the label and serial, and the layout equals what mkfs.exfat makes of the same
// size (cluster size, FAT and cluster heap placement, cluster count).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { missing } from '../../main/test-support/prereq.js';
import { readFileRange, run, toolOutput, volumeProblemOf, writeSourceToFile } from '../../main/test-support/volume-file.js';
import { GiB, MiB, TiB } from './bytes.js';
import { bootChecksum, buildExfat, exfatMinimumSize, type ExfatOptions } from './exfat-volume.js';

const skip = missing({ tools: ['fsck.exfat', 'dump.exfat', 'tune.exfat', 'mkfs.exfat', 'truncate'] });

const options = (size: number, more: Partial<ExfatOptions> = {}): ExfatOptions => ({ size, firstSector: 0, label: 'Imprint', serial: 0xc0ffee42, ...more });


/** The boot-region fields dump.exfat prints, by name. */
function dumpFields(image: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of toolOutput('dump.exfat', [image]).split('\n')) {
    const match = /^([A-Za-z][^:]*?):\s+(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) fields[match[1].trim()] = match[2].trim();
  }
  return fields;
}

function expectFsckClean(image: string): void {
  const result = run('fsck.exfat', ['-n', image]);
  expect({ status: result.status, clean: /: clean\. directories 1, files 0/.test(result.stdout) }, result.stdout + result.stderr).toEqual({ status: 0, clean: true });
}

const LAYOUT = ['Volume Length(sectors)', 'FAT Offset(sector offset)', 'FAT Length(sectors)', 'Cluster Heap Offset (sector offset)', 'Cluster Count', 'Root Cluster (cluster offset)', 'Sector per Cluster bits', 'Bitmap size', 'Upcase table size', 'Free Clusters'];

describe.skipIf(skip !== null)('exFAT volumes', () => {
  // Made when the tests run, not when they are collected (a listing pass runs no afterAll).
  let tmp = { dir: '', remove: (): void => undefined };
  beforeAll(() => (tmp = tempDir('imprint-exfat-')));
  afterAll(() => tmp.remove());
  let n = 0;
  const imageFile = (): string => join(tmp.dir, `exfat-${n++}.img`);

  it.each([
    ['the smallest', exfatMinimumSize()],
    ['16 MiB', 16 * MiB],
    ['256 MiB (last with 4 KiB clusters)', 256 * MiB],
    ['257 MiB (32 KiB clusters)', 257 * MiB],
    ['32 GiB', 32 * GiB],
    ['32 GiB + 1 MiB (128 KiB clusters)', 32 * GiB + MiB],
    ['1 TiB', TiB],
  ])('is clean and laid out as mkfs.exfat lays it out: %s', async (_, size) => {
    const volume = buildExfat(options(size));
    const ours = imageFile();
    await writeSourceToFile(ours, volume.source, { ranges: volume.extents });
    expectFsckClean(ours);
    const fields = dumpFields(ours);
    expect(fields['Volume label']).toBe('Imprint');
    expect(fields['Volume Serial']).toBe('0xc0ffee42');
    expect(toolOutput('tune.exfat', ['-l', ours])).toMatch(/^label: Imprint$/m);

    const reference = imageFile();
    toolOutput('truncate', ['-s', String(size), reference]);
    toolOutput('mkfs.exfat', [reference]);
    const theirs = dumpFields(reference);
    expect(Object.fromEntries(LAYOUT.map((k) => [k, fields[k]]))).toEqual(Object.fromEntries(LAYOUT.map((k) => [k, theirs[k]])));
    rmSync(ours);
    rmSync(reference);
  });

  it('keeps a Unicode label with its case, and writes none when asked for none', async () => {
    for (const label of ['Données ÉtÉ', '']) {
      const image = imageFile();
      await writeSourceToFile(image, buildExfat(options(64 * MiB, { label })).source);
      expectFsckClean(image);
      const shown = toolOutput('tune.exfat', ['-l', image]);
      if (label === '') expect(shown).not.toMatch(/^label:/m);
      else expect(shown).toMatch(new RegExp(`^label: ${label}$`, 'm'));
    }
  });

  it('is caught by fsck.exfat when its boot checksum is off (the checker checks)', async () => {
    const image = imageFile();
    const volume = buildExfat(options(64 * MiB));
    await writeSourceToFile(image, volume.source);
    const region = readFileRange(image, 0, 12 * 512);
    expect(region.readUInt32LE(11 * 512)).toBe(bootChecksum(region.subarray(0, 11 * 512)));
    // Change the serial in the main boot sector only: its checksum no longer matches.
    const bytes = readFileRange(image, 0, 64 * MiB);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(image, bytes);
    const result = run('fsck.exfat', ['-n', image]);
    expect(result.status).not.toBe(0);
  });

  it('gives the same bytes for the same input', async () => {
    const a = buildExfat(options(300 * MiB));
    const b = buildExfat(options(300 * MiB));
    for (const e of a.extents) {
      const [x, y] = await Promise.all([a.source.read(e.offset, e.length), b.source.read(e.offset, e.length)]);
      expect(Buffer.from(x).equals(Buffer.from(y))).toBe(true);
    }
  });
});

describe('exFAT refusals', () => {
  it('refuses a volume below the smallest, naming it; the smallest works', () => {
    const smallest = exfatMinimumSize();
    expect(buildExfat(options(smallest)).geometry.clusterCount).toBeGreaterThanOrEqual(3);
    expect(volumeProblemOf(() => buildExfat(options(smallest - 512)))).toEqual({ reason: 'volume-too-small', fileSystem: 'exfat', size: smallest - 512, needed: smallest });
  });

  it('refuses labels exFAT cannot hold and sizes it cannot describe', () => {
    expect(volumeProblemOf(() => buildExfat(options(64 * MiB, { label: 'twelve chars' }))).reason).toBe('bad-label');
    expect(volumeProblemOf(() => buildExfat(options(64 * MiB, { label: 'a/b' }))).reason).toBe('bad-label');
    expect(volumeProblemOf(() => buildExfat(options(257 * TiB))).reason).toBe('volume-too-large');
    expect(volumeProblemOf(() => buildExfat(options(64 * MiB + 3))).reason).toBe('bad-parameter');
  });
});
