// FAT32 volumes judged by tools nobody here wrote: fsck.fat must find nothing to fix, mtools must
// list and read back every file byte for byte with its name and case. Imprint's own FAT reader
// (app/inspect) is a second opinion, not the reference.

import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySource, readExact } from '../inspect/byte-source.js';
import { parseFatBootSector } from '../inspect/fat.js';
import { fatFileTree } from '../inspect/fat-tree.js';
import type { FileTree } from '../inspect/file-tree.js';
import { tempDir } from '../../main/test-support/loop.js';
import { missing } from '../../main/test-support/prereq.js';
import {
  listFileTree,
  listFolder,
  listVolumeTree,
  MTOOLS_ENV,
  patternSource,
  readFileRange,
  run,
  sortedListing,
  toolOutput,
  volumeProblemOf,
  writeSourceToFile,
  type TreeListing,
} from '../../main/test-support/volume-file.js';
import { GiB, KiB, MiB } from './bytes.js';
import { fat32ClusterBytes, fat32SmallestVolume } from './fat32-geometry.js';
import { buildFat32, fat32MinimumVolumeSize, type Fat32Options } from './fat32-volume.js';
import { FAT32_MAX_FILE_SIZE, VOLUME_LIMITS } from './limits.js';
import type { VolumeEntry, VolumeFile, VolumeFolder } from './tree.js';

const skip = missing({ tools: ['fsck.fat', 'mkfs.fat', 'mdir', 'mcopy', 'mshortname'] });
const TIME = new Date('2024-05-06T07:08:09.250Z');

const text = (name: string, content: string): VolumeFile => {
  const bytes = new TextEncoder().encode(content);
  return { kind: 'file', name, size: bytes.length, source: memorySource(bytes) };
};
const data = (name: string, size: number, seed: number): VolumeFile => ({ kind: 'file', name, size, source: patternSource(size, seed) });
const folder = (name: string, children: VolumeEntry[]): VolumeFolder => ({ kind: 'folder', name, children });

function options(size: number, root: readonly VolumeEntry[], more: Partial<Fat32Options> = {}): Fat32Options {
  return { size, firstSector: 0, label: 'IMPRINT', serial: 0x1234abcd, timestamp: TIME, root, ...more };
}

/** A tree shaped like a Windows installer's, with every naming case FAT has. */
function windowsLikeTree(): VolumeEntry[] {
  let deep: VolumeFolder = folder('level 20', [text('leaf.txt', 'at the bottom')]);
  for (let level = 19; level >= 1; level--) deep = folder(`level ${level}`, [deep]);
  return [
    data('bootmgr', 413_738, 1),
    data('bootmgr.efi', 1_563_544, 2),
    text('autorun.inf', '[AutoRun.Amd64]\r\nopen=setup.exe\r\n'),
    folder('boot', [data('BCD', 16_384, 3), data('boot.sdi', 3_170_304, 4), folder('fonts', [data('segmono_boot.ttf', 42_780, 5)])]),
    folder('efi', [folder('boot', [data('bootx64.efi', 2_793_304, 6)]), folder('microsoft', [folder('boot', [data('BCD', 16_384, 7)])])]),
    folder('sources', [data('boot.wim', 21_000_000, 8), data('install.swm', 3_000_000, 9), data('install2.swm', 1_234_567, 10), text('ei.cfg', '[Channel]\r\nRetail\r\n')]),
    folder('Deep', [deep]),
    folder('Unicode', [text('été.txt', 'é'), text('日本語のファイル名.txt', '日本'), text('Ελληνικά.dat', 'α'), folder('Ünïcödé folder', [text('x', 'x')])]),
    folder('Collisions', Array.from({ length: 30 }, (_, i) => text(`a long name ${i}.txt`, `file ${i}`))),
    folder('Case', [text('readme.txt', 'lower'), text('README.md', 'upper base'), text('Mixed.Txt', 'mixed'), text('UPPER.TXT', 'upper')]),
    folder('Big folder', Array.from({ length: 300 }, (_, i) => text(`a file with a long name, number ${i}.txt`, `${i}`))),
    folder('Empty folder', []),
    { kind: 'file', name: 'empty.txt', size: 0, source: memorySource(new Uint8Array(0)) },
    data('one cluster', 4 * KiB, 11),
    data('one cluster and a byte', 4 * KiB + 1, 12),
  ];
}

function expectFsckClean(image: string): void {
  const result = run('fsck.fat', ['-n', image]);
  // A clean volume gives the version line and the summary, nothing else, and exit status 0.
  const lines = result.stdout.trim().split('\n');
  expect({ status: result.status, stderr: result.stderr, lines: lines.length }, result.stdout).toEqual({ status: 0, stderr: '', lines: 2 });
  expect(lines[1]).toMatch(/: \d+ files, \d+\/\d+ clusters$/);
}

function extractWithMtools(image: string, into: string): TreeListing {
  mkdirSync(into);
  toolOutput('mcopy', ['-s', '-n', '-i', image, '::/', into], { ...MTOOLS_ENV, LANG: 'C.UTF-8' });
  return listFolder(into);
}


async function ownTree(source: Parameters<typeof fatFileTree>[0]): Promise<FileTree> {
  const boot = parseFatBootSector(await readExact(source, 0, 512, 'boot sector'));
  if (boot === null) throw new Error('no FAT boot sector');
  return fatFileTree(source, boot);
}


describe.skipIf(skip !== null)('FAT32 volumes', () => {
  // Made when the tests run, not when they are collected (a listing pass runs no afterAll).
  let tmp = { dir: '', remove: (): void => undefined };
  beforeAll(() => (tmp = tempDir('imprint-fat32-')));
  afterAll(() => tmp.remove());
  let serial = 0;
  const imageFile = (): string => join(tmp.dir, `volume-${serial++}.img`);

  it('holds a Windows-like tree: fsck.fat clean, mtools reads every file back with its name', async () => {
    const root = windowsLikeTree();
    const volume = buildFat32(options(300 * MiB, root));
    expect(volume.geometry.clusterBytes).toBe(4 * KiB);
    const image = imageFile();
    await writeSourceToFile(image, volume.source, { ranges: volume.extents });
    expectFsckClean(image);

    const expected = sortedListing(await listVolumeTree(root));
    expect(sortedListing(extractWithMtools(image, join(tmp.dir, 'extracted')))).toEqual(expected);
    expect(sortedListing(await listFileTree(await ownTree(volume.source)))).toEqual(expected);

    // Short names as mtools reads them back, numeric tails and all.
    const env = { ...MTOOLS_ENV, LANG: 'C.UTF-8' };
    const shortName = (path: string): string => toolOutput('mshortname', ['-i', image, `::${path}`], env).trim();
    expect(shortName('/Collisions/a long name 0.txt')).toBe('::/COLLIS~1/ALONGN~1.TXT');
    expect(shortName('/Collisions/a long name 9.txt')).toBe('::/COLLIS~1/ALONG~10.TXT');
    expect(shortName('/Case/Mixed.Txt')).toBe('::/CASE/MIXED.TXT');
    const caseListing = toolOutput('mdir', ['-i', image, '::/Case'], env);
    expect(caseListing).toMatch(/^readme +txt +5 2024-05-06 +7:08 *$/m); // lower case from DIR_NTRes, no long name
    expect(caseListing).toMatch(/^README +md +10 2024-05-06 +7:08 *$/m);
    expect(caseListing).toMatch(/^MIXED +TXT +5 2024-05-06 +7:08 +Mixed\.Txt$/m);
    const label = toolOutput('mlabel', ['-i', image, '-s', '::'], env);
    expect(label).toMatch(/Volume label is IMPRINT/);
  });

  it('lays out a folder of more than one cluster, and the minimum volume for a tree holds it', async () => {
    const root = [folder('many', Array.from({ length: 200 }, (_, i) => text(`long file name ${i} with words.bin`, String(i))))];
    const minimum = fat32MinimumVolumeSize(root, 'MIN');
    expect(minimum).toBe(fat32SmallestVolume(512)); // this content is far below FAT32's own minimum
    const volume = buildFat32(options(minimum, root, { label: 'MIN' }));
    const many = volume.geometry; // 512-byte clusters: 200 names × 4 entries is 50 clusters
    expect(many.clusterBytes).toBe(512);
    const image = imageFile();
    await writeSourceToFile(image, volume.source);
    expectFsckClean(image);
    expect(sortedListing(extractWithMtools(image, join(tmp.dir, 'many')))).toEqual(sortedListing(await listVolumeTree(root)));
  });

  it('refuses a volume smaller than FAT32 allows, naming the size it needs', () => {
    const smallest = fat32SmallestVolume(512);
    expect(smallest).toBeGreaterThan(32 * MiB);
    expect(smallest).toBeLessThan(33 * MiB);
    // From the smallest on, every size is a FAT32 volume (sector by sector past where the FAT grows).
    for (let size = smallest; size < smallest + 600 * 512; size += 512) expect(buildFat32(options(size, [])).geometry.clusterCount).toBeGreaterThanOrEqual(65_525);
    expect(volumeProblemOf(() => buildFat32(options(smallest - 64 * KiB, [])))).toEqual({ reason: 'volume-too-small', fileSystem: 'fat32', size: smallest - 64 * KiB, needed: smallest });
  });

  it('refuses content that does not fit, naming the size that does; that size works', async () => {
    const root = [data('big.bin', 50 * MiB, 21), folder('f', [data('small', 1000, 22)])];
    const problem = volumeProblemOf(() => buildFat32(options(48 * MiB, root)));
    expect(problem.reason).toBe('volume-too-small');
    const needed = problem.reason === 'volume-too-small' ? problem.needed : 0;
    expect(needed).toBe(fat32MinimumVolumeSize(root, 'IMPRINT'));
    expect(needed).toBeGreaterThan(50 * MiB);
    expect(needed).toBeLessThan(51 * MiB);
    // The minimum holds the content, and so does every size above it (checked on a sample).
    for (const size of [needed, needed + 512, needed + 4096, needed + 3 * MiB]) {
      expect(buildFat32(options(size, root)).usedClusters).toBeGreaterThan(0);
    }
    const volume = buildFat32(options(needed, root));
    const image = imageFile();
    await writeSourceToFile(image, volume.source);
    expectFsckClean(image);
    expect(sortedListing(extractWithMtools(image, join(tmp.dir, 'needed')))).toEqual(sortedListing(await listVolumeTree(root)));
  });

  it('picks the cluster size Windows picks; mkfs.fat agrees except between 64 and 256 MiB', () => {
    // [size, Windows (KB140365), mkfs.fat -F 32 measured here]
    const cases: Array<[number, number, number]> = [
      [40 * MiB, 512, 512],
      [100 * MiB, 1 * KiB, 512],
      [200 * MiB, 2 * KiB, 512],
      [300 * MiB, 4 * KiB, 4 * KiB],
      [8 * GiB, 4 * KiB, 4 * KiB],
      [8 * GiB + MiB, 8 * KiB, 8 * KiB],
      [16 * GiB, 8 * KiB, 8 * KiB],
      [16 * GiB + MiB, 16 * KiB, 16 * KiB],
      [32 * GiB, 16 * KiB, 16 * KiB],
      [32 * GiB + MiB, 32 * KiB, 32 * KiB],
    ];
    for (const [size, windows, mkfs] of cases) {
      expect(fat32ClusterBytes(size), `Windows at ${size}`).toBe(windows);
      const image = imageFile();
      toolOutput('truncate', ['-s', String(size), image]);
      toolOutput('mkfs.fat', ['-F', '32', image]);
      expect((readFileRange(image, 13, 1)[0] ?? 0) * 512, `mkfs.fat at ${size}`).toBe(mkfs);
      rmSync(image);
    }
  });

  it.each([
    ['just below the 32 GiB boundary', 32 * GiB, 16 * KiB],
    ['just above it', 32 * GiB + MiB, 32 * KiB],
  ])('makes a clean volume %s', async (_, size, clusterBytes) => {
    const root = [folder('sources', [data('install.swm', 5 * MiB, 31)]), text('readme.txt', 'hello')];
    const volume = buildFat32(options(size, root));
    expect(volume.geometry.clusterBytes).toBe(clusterBytes);
    // Everything but the FATs, directories and files reads as zeros: the extents are all that is written.
    const image = imageFile();
    await writeSourceToFile(image, volume.source, { ranges: volume.extents });
    expectFsckClean(image);
    expect(sortedListing(extractWithMtools(image, join(tmp.dir, `boundary-${size}`)))).toEqual(sortedListing(await listVolumeTree(root)));
    rmSync(image);
  });

  it('gives the same bytes for the same input, and only the serial changes with it', async () => {
    const root = windowsLikeTree();
    const a = buildFat32(options(300 * MiB, root));
    const b = buildFat32(options(300 * MiB, windowsLikeTree()));
    const c = buildFat32(options(300 * MiB, root, { serial: 0x0badf00d }));
    expect(b.extents).toEqual(a.extents);
    for (const e of a.extents) {
      for (let at = e.offset; at < e.offset + e.length; at += 8 * MiB) {
        const length = Math.min(8 * MiB, e.offset + e.length - at);
        const [x, y, z] = await Promise.all([a.source.read(at, length), b.source.read(at, length), c.source.read(at, length)]);
        expect(Buffer.from(y).equals(Buffer.from(x))).toBe(true);
        // Only BS_VolID differs, at 67–70 of the boot sector and of its backup at sector 6.
        const patched = Buffer.from(z);
        for (const serialAt of [67, 6 * 512 + 67]) if (serialAt >= at && serialAt < at + length) x.subarray(serialAt - at, serialAt - at + 4).forEach((b, i) => (patched[serialAt - at + i] = b));
        expect(patched.equals(Buffer.from(x)), `at ${at}`).toBe(true);
        if (at === 0) expect(Buffer.from(z).equals(Buffer.from(x))).toBe(false);
      }
    }
  });

  it('reads the same bytes whatever the read sizes and offsets', async () => {
    const volume = buildFat32(options(100 * MiB, windowsLikeTree()));
    const whole = await volume.source.read(0, 40 * MiB);
    let position = 0;
    for (let step = 1; position < whole.length; step = (step * 7 + 3) % 200_003) {
      const length = Math.min(step + 1, whole.length - position);
      const part = await volume.source.read(position, length);
      expect(Buffer.from(part).equals(Buffer.from(whole.subarray(position, position + length))), `at ${position}+${length}`).toBe(true);
      position += length;
    }
  });
});

describe('FAT32 refusals', () => {
  it('refuses a file of 4 GiB and accepts one of 4 GiB − 1 byte', async () => {
    const huge = data('install.wim', FAT32_MAX_FILE_SIZE + 1, 1);
    expect(volumeProblemOf(() => buildFat32(options(8 * GiB, [folder('sources', [huge])])))).toEqual({
      reason: 'file-too-large',
      path: '/sources/install.wim',
      size: 4 * GiB,
      limit: 4 * GiB - 1,
    });
    const largest = data('install.wim', FAT32_MAX_FILE_SIZE, 1);
    const volume = buildFat32(options(8 * GiB, [largest]));
    const placed = volume.files[0];
    expect(placed?.size).toBe(FAT32_MAX_FILE_SIZE);
    // Its last byte reads through from the file's source, then the cluster's slack is zero.
    const tail = await volume.source.read((placed?.offset ?? 0) + FAT32_MAX_FILE_SIZE - 2, 3);
    expect([...tail]).toEqual([...(await largest.source.read(FAT32_MAX_FILE_SIZE - 2, 2)), 0]);
  });

  it.each([
    ['a:b', 'reserves'],
    ['name.', 'ends with'],
    ['', 'empty'],
  ])('refuses the name %j', (name, why) => {
    const problem = volumeProblemOf(() => buildFat32(options(64 * MiB, [folder('x', [text(name, '')])])));
    expect(problem.reason).toBe('bad-name');
    expect(problem.reason === 'bad-name' && problem.path === '/x' && problem.why.includes(why)).toBe(true);
  });

  it('refuses names that differ only in case, as Windows compares them', () => {
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [text('Read.me', ''), text('READ.ME', '')])))).toEqual({
      reason: 'duplicate-name',
      path: '/',
      name: 'READ.ME',
      other: 'Read.me',
    });
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [text('Ärger', ''), text('äRGER', '')]))).reason).toBe('duplicate-name');
  });

  it('refuses a folder with more entries than FAT allows', () => {
    // 13,108 names of 40 characters: 4 long entries + 1 short each, 65,542 with "." and "..".
    const names = Array.from({ length: 13_108 }, (_, i) => text(`${String(i).padStart(6, '0')} a name of forty characters long.x`, ''));
    const problem = volumeProblemOf(() => buildFat32(options(GiB, [folder('full', names)])));
    expect(problem).toEqual({ reason: 'folder-too-large', path: '/full', entries: 65_542, limit: VOLUME_LIMITS.maxDirectoryEntries });
  });

  it('refuses nesting deeper than the limit, and a folder that contains itself', () => {
    let deep: VolumeFolder = folder('f', []);
    for (let i = 0; i < VOLUME_LIMITS.maxDepth; i++) deep = folder('f', [deep]);
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [deep]))).reason).toBe('too-deep');
    const loop: { kind: 'folder'; name: string; children: VolumeEntry[] } = { kind: 'folder', name: 'loop', children: [] };
    loop.children.push(loop);
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [loop]))).reason).toBe('too-deep');
  });

  it('refuses more entries than the limit without looking at each', () => {
    const one = text('same.txt', '');
    const many = new Array<VolumeEntry>(VOLUME_LIMITS.maxEntries + 1).fill(one);
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, many)))).toEqual({ reason: 'too-many-entries', count: VOLUME_LIMITS.maxEntries + 1, limit: VOLUME_LIMITS.maxEntries });
  });

  it('refuses a source whose size is not the file’s, a label FAT cannot store, a date before 1980', () => {
    const wrong: VolumeFile = { kind: 'file', name: 'x', size: 10, source: memorySource(new Uint8Array(9)) };
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [wrong]))).reason).toBe('bad-parameter');
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [], { label: 'FAR TOO LONG' }))).reason).toBe('bad-label');
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB, [], { timestamp: new Date('1979-12-31T23:59:59Z') }))).reason).toBe('bad-parameter');
    expect(volumeProblemOf(() => buildFat32(options(64 * MiB + 1, []))).reason).toBe('bad-parameter');
    expect(volumeProblemOf(() => buildFat32(options(3 * 1024 * GiB, []))).reason).toBe('volume-too-large');
  });

  it('says when a file’s source turns out shorter than its size', async () => {
    const liar: VolumeFile = { kind: 'file', name: 'liar', size: 5000, source: { size: 5000, read: () => Promise.resolve(new Uint8Array(10)) } };
    const volume = buildFat32(options(64 * MiB, [liar]));
    const at = volume.files[0]?.offset ?? 0;
    await expect(volume.source.read(at, 4096)).rejects.toMatchObject({ problem: { reason: 'short-content', path: '/liar', offset: 10, size: 5000 } });
  });
});
