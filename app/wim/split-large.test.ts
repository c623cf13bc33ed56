// An install.wim over 4 GiB, as current Windows 11 images carry: 64-bit offsets everywhere, split
// at the default part size into parts FAT32 can hold, the same bytes as `wimlib-imagex split`,
// verified by wimlib; and the cost of reading the virtual parts against reading the WIM itself.
//
// Kept fast and small on disk: the files are sparse zeros made distinct by a first line (so
// wimlib stores each one), captured uncompressed (so the WIM really is 4.4 GiB), on tmpfs when it
// has room; a sparse copy (`cp --sparse=always`) then gives the zeros back, and our parts are
// written sparse.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../main/test-support/prereq.js';
import {
  captureWim,
  fileSource,
  guidBytes,
  readAll,
  roomyTempBase,
  wimlib,
  wimlibInfo,
  wimlibSplit,
  wimlibVerify,
  wimtoolsMissing,
  writeParts,
} from '../../main/test-support/wim-fixtures.js';
import { DEFAULT_PART_SIZE, FAT32_MAX_FILE_SIZE, openWim, splitWim } from './index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const FILES = 5;
const FILE_SIZE = 900 * MiB;
const CHUNK = 4 * MiB;
const skip = wimtoolsMissing() ?? missing({ tools: ['cp'] });

/** Replaces a file by a sparse copy of itself: the runs of zeros stop taking memory on tmpfs. */
function makeSparse(path: string): void {
  execFileSync('cp', ['--sparse=always', path, `${path}.sparse`]);
  renameSync(`${path}.sparse`, path);
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

describe.skipIf(skip !== null)('an install.wim over 4 GiB', () => {
  let dir = '';
  let wimPath = '';

  beforeAll(() => {
    dir = mkdtempSync(join(roomyTempBase(12 * GiB, process.env.IMPRINT_TEST_TMP ?? '/var/tmp'), 'imprint-wim-large-'));
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    for (let i = 1; i <= FILES; i++) {
      const path = join(tree, `part-${i}.bin`);
      writeFileSync(path, `file ${i} of ${FILES}\n`);
      truncateSync(path, FILE_SIZE);
    }
    // Sorted last by path, so wimlib stores it past 4 GiB.
    writeFileSync(join(tree, 'z-last.txt'), 'the last file, stored past 4 GiB\n');
    const started = performance.now();
    wimPath = captureWim(join(dir, 'install.wim'), [tree], { compress: 'none' });
    makeSparse(wimPath);
    console.info(`large WIM: captured in ${seconds(started).toFixed(1)} s`);
  }, 240_000);
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('splits at 4000 MiB into FAT32-sized parts: the same bytes as wimlib, verified by wimlib, read as fast as the WIM', async () => {
    const source = await fileSource(wimPath);
    try {
      expect(source.size).toBeGreaterThan(4 * GiB);
      const wim = await openWim(source, { label: 'sources/install.wim' });
      // 64-bit fields in use: the lookup table, the XML data and the last file lie past 4 GiB.
      expect(wim.header.lookupTable.offset).toBeGreaterThan(4 * GiB);
      expect(Math.max(...Array.from(wim.table.blobs, (i) => wim.table.offset[i] ?? 0))).toBeGreaterThan(4 * GiB);

      let started = performance.now();
      const theirs = wimlibSplit(wimPath, join(dir, 'wimlib', 'install.swm'), DEFAULT_PART_SIZE);
      for (const path of theirs) makeSparse(path);
      console.info(`large WIM: wimlib split in ${seconds(started).toFixed(1)} s`);

      started = performance.now();
      const split = await splitWim(source, { label: 'sources/install.wim', guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
      console.info(`large WIM: planned in ${((performance.now() - started) / 1000).toFixed(3)} s`);
      expect(split.parts.map((p) => p.name)).toEqual(['install.swm', 'install2.swm']);
      for (const part of split.parts) expect(part.size).toBeLessThanOrEqual(FAT32_MAX_FILE_SIZE);

      // Byte for byte against wimlib, reading both in 4 MiB chunks.
      for (const [i, part] of split.parts.entries()) {
        const reference = await fileSource(theirs[i] ?? '');
        try {
          expect(reference.size).toBe(part.size);
          let mismatch: number | null = null;
          for (let offset = 0; offset < part.size && mismatch === null; offset += CHUNK) {
            const [ours, expected] = await Promise.all([part.source.read(offset, CHUNK), reference.read(offset, CHUNK)]);
            if (!Buffer.from(ours.buffer, ours.byteOffset, ours.length).equals(expected)) mismatch = offset;
          }
          expect(mismatch, `${part.name} differs from wimlib's at ${mismatch}`).toBeNull();
        } finally {
          await reference.close();
        }
      }

      // Throughput: every byte of the parts through the virtual sources, against the WIM itself.
      started = performance.now();
      await readAll(source, CHUNK, () => undefined);
      const wimSeconds = seconds(started);
      started = performance.now();
      for (const part of split.parts) await readAll(part.source, CHUNK, () => undefined);
      const partsSeconds = seconds(started);
      const rate = (bytes: number, s: number): string => `${(bytes / s / 1e6).toFixed(0)} MB/s`;
      console.info(
        `large WIM: read the WIM at ${rate(source.size, wimSeconds)}, the parts at ${rate(split.totalSize, partsSeconds)} ` +
          `(parts/WIM time ${(partsSeconds / wimSeconds).toFixed(2)})`,
      );
      expect(partsSeconds).toBeLessThan(wimSeconds * 2 + 1);

      // Our own set, written out (sparse) and checked by wimlib: every resource's SHA-1, part numbers.
      const mine = await splitWim(source, { label: 'sources/install.wim' });
      started = performance.now();
      const paths = await writeParts(mine, join(dir, 'imprint'), { sparse: true });
      console.info(`large WIM: parts written in ${seconds(started).toFixed(1)} s`);
      started = performance.now();
      wimlibVerify(paths[0] ?? '');
      console.info(`large WIM: wimlib verify in ${seconds(started).toFixed(1)} s`);
      expect(paths.map((path) => wimlibInfo(path)).map((info) => `${info.partNumber}/${info.totalParts}`)).toEqual(['1/2', '2/2']);
      wimlib(['extract', paths[0] ?? '', '1', '/z-last.txt', `--dest-dir=${join(dir, 'out')}`, `--ref=${join(dir, 'imprint', '*.swm')}`]);
      expect(readFileSync(join(dir, 'out', 'z-last.txt'), 'utf8')).toBe('the last file, stored past 4 GiB\n');
    } finally {
      await source.close();
    }
  }, 300_000);
});
