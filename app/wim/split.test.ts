// The splitter against wimlib, the reference nobody here wrote: WIMs captured by wimlib-imagex
// (several images, every compression type), split by Imprint into virtual parts, compared byte for
// byte with `wimlib-imagex split` at the same part size (with wimlib's GUID, the one thing wimlib
// picks at random), then written out and checked with `wimlib-imagex verify`, `info` and `apply`.

import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import {
  captureWim,
  fileSource,
  guidBytes,
  readTree,
  sampleTrees,
  treeDigest,
  wimlibApply,
  wimlibInfo,
  wimlibSplit,
  wimlibVerify,
  wimtoolsMissing,
  writeParts,
  writeTree,
  type Tree,
} from '../../main/test-support/wim-fixtures.js';
import { HDR_FLAG } from './format.js';
import { lookupEntry, openWim, readWimXml, splitWim, summarizeWimXml, swmPartName, type WimSplit } from './index.js';

const MiB = 1024 * 1024;
const skip = wimtoolsMissing();

/** Where two buffers first differ (a readable failure instead of "false is not true"). */
function firstDifference(ours: Uint8Array, theirs: Uint8Array): string | null {
  const length = Math.min(ours.length, theirs.length);
  for (let i = 0; i < length; i++) if (ours[i] !== theirs[i]) return `byte ${i}: ${ours[i]} != ${theirs[i]}`;
  return ours.length === theirs.length ? null : `length ${ours.length} != ${theirs.length}`;
}

async function partBytes(split: WimSplit, index: number): Promise<Uint8Array> {
  const part = split.parts[index];
  if (part === undefined) throw new Error(`no part ${index + 1}`);
  return part.source.read(0, part.size);
}

async function expectSameParts(split: WimSplit, theirs: string[]): Promise<void> {
  expect(split.parts.map((p) => p.name)).toEqual(theirs.map((p) => basename(p)));
  for (const [i, path] of theirs.entries()) {
    expect(firstDifference(await partBytes(split, i), readFileSync(path)), basename(path)).toBeNull();
  }
}

describe.skipIf(skip !== null)('splitting a WIM as wimlib-imagex split does', () => {
  // Made when the tests run, not when they are collected (a filtered run leaves nothing behind).
  let tmp = { dir: '', remove: (): void => undefined };
  let trees: Tree[] = [];
  let folders: string[] = [];

  beforeAll(() => {
    tmp = tempDir('imprint-wim-split-');
    trees = sampleTrees();
    folders = trees.map((tree, i) => writeTree(join(tmp.dir, `tree${i + 1}`), tree));
  });
  afterAll(() => tmp.remove());

  for (const compress of ['none', 'xpress', 'lzx', 'lzms'] as const) {
    it(`${compress}: the same bytes as wimlib at 1 MiB parts; wimlib verifies the set and applies every image`, async () => {
      const dir = join(tmp.dir, compress);
      mkdirSync(join(dir, 'wimlib'), { recursive: true });
      // The LZX WIM has a boot image: split sets have none (wimlib drops it, and so does Imprint).
      const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress, boot: compress === 'lzx' });
      const theirs = wimlibSplit(wimPath, join(dir, 'wimlib', 'install.swm'), MiB);
      const source = await fileSource(wimPath);
      try {
        const split = await splitWim(source, { partSize: MiB, guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
        expect(split.parts.length).toBeGreaterThanOrEqual(4);
        await expectSameParts(split, theirs);

        // With the WIM's own GUID (the default), written out as files: wimlib's view of the set.
        const original = wimlibInfo(wimPath);
        const mine = await splitWim(source, { partSize: MiB });
        const paths = await writeParts(mine, join(dir, 'imprint'));
        wimlibVerify(paths[0] ?? '');
        for (const [i, path] of paths.entries()) {
          const info = wimlibInfo(path);
          expect(info).toMatchObject({ partNumber: i + 1, totalParts: paths.length, guid: original.guid, imageCount: 3, bootIndex: 0 });
          expect(info.compression).toBe(original.compression);
          expect(mine.parts[i]?.size).toBe(readFileSync(path).length);
        }
        for (const [i, tree] of trees.entries()) {
          const out = join(dir, `applied${i + 1}`);
          wimlibApply(paths[0] ?? '', i + 1, out);
          expect(treeDigest(readTree(out))).toEqual(treeDigest(tree));
        }
      } finally {
        await source.close();
      }
    });
  }

  it('places resources as wimlib does at every kind of boundary: exact fits, one byte under and over, one part', async () => {
    const dir = join(tmp.dir, 'boundaries');
    mkdirSync(dir, { recursive: true });
    const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress: 'lzx' });
    const source = await fileSource(wimPath);
    try {
      const { table } = await openWim(source);
      const metadata = table.metadata.reduce((sum, i) => sum + (table.sizeInWim[i] ?? 0), 0);
      const first = table.sizeInWim[table.blobs[0] ?? 0] ?? 0;
      const sizes = [1, metadata, metadata + first, metadata + first - 1, metadata + first + 1, 2 * MiB + 12_345, 64 * MiB];
      for (const [k, size] of sizes.entries()) {
        mkdirSync(join(dir, `${k}`));
        const theirs = wimlibSplit(wimPath, join(dir, `${k}`, 'install.swm'), size);
        const split = await splitWim(source, { partSize: size, guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
        await expectSameParts(split, theirs);
      }
    } finally {
      await source.close();
    }
  });

  it('a WIM with an integrity table: the same parts as wimlib but for wimlib adding integrity tables; verified', async () => {
    const dir = join(tmp.dir, 'check');
    mkdirSync(join(dir, 'wimlib'), { recursive: true });
    const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress: 'xpress', check: true });
    const theirs = wimlibSplit(wimPath, join(dir, 'wimlib', 'install.swm'), MiB);
    const source = await fileSource(wimPath);
    try {
      const split = await splitWim(source, { partSize: MiB, guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
      expect(split.parts.length).toBe(theirs.length);
      for (const [i, path] of theirs.entries()) {
        // wimlib's part = ours + an integrity table after the XML data, named in the header.
        const expected = Buffer.from(readFileSync(path));
        expect(expected.readUInt32LE(124), 'wimlib wrote an integrity table').toBeGreaterThan(0);
        expected.fill(0, 124, 148);
        const ours = await partBytes(split, i);
        expect(firstDifference(ours, expected.subarray(0, ours.length)), basename(path)).toBeNull();
      }
      const paths = await writeParts(split, join(dir, 'imprint'));
      wimlibVerify(paths[0] ?? '');
    } finally {
      await source.close();
    }
  });

  it('the default part size (4000 MiB) keeps a small WIM in one part, as wimlib does', async () => {
    const dir = join(tmp.dir, 'default');
    mkdirSync(join(dir, 'wimlib'), { recursive: true });
    const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress: 'lzx' });
    const theirs = wimlibSplit(wimPath, join(dir, 'wimlib', 'install.swm'), 4000 * MiB);
    const source = await fileSource(wimPath);
    try {
      const split = await splitWim(source, { guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
      expect(split.partSize).toBe(4000 * MiB);
      expect(split.parts.map((p) => [p.name, p.number])).toEqual([['install.swm', 1]]);
      await expectSameParts(split, theirs);
      const header = await partBytes(split, 0);
      expect(Buffer.from(header).readUInt32LE(16) & HDR_FLAG.spanned).toBe(0);
    } finally {
      await source.close();
    }
  });

  it('reads of any position and length in a part give the part’s bytes (pieces, seams, past the end)', async () => {
    const dir = join(tmp.dir, 'reads');
    mkdirSync(join(dir, 'wimlib'), { recursive: true });
    const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress: 'xpress' });
    const theirs = wimlibSplit(wimPath, join(dir, 'wimlib', 'install.swm'), MiB);
    const source = await fileSource(wimPath);
    try {
      const split = await splitWim(source, { partSize: MiB, guid: guidBytes(wimlibInfo(theirs[0] ?? '').guid) });
      let seed = 7;
      const next = (limit: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % Math.max(1, limit);
      };
      for (const [i, part] of split.parts.entries()) {
        const expected = readFileSync(theirs[i] ?? '');
        for (let k = 0; k < 200; k++) {
          const offset = next(part.size + 100);
          const length = k % 3 === 0 ? next(64) : next(part.size);
          const got = await part.source.read(offset, length);
          const want = expected.subarray(Math.min(offset, expected.length), Math.min(expected.length, offset + length));
          expect(firstDifference(got, want), `${part.name} at ${offset}+${length}`).toBeNull();
        }
      }
    } finally {
      await source.close();
    }
  });

  it('lists the parts’ resources as the WIM’s own entries, and reads the XML image list as wimlib does', async () => {
    const dir = join(tmp.dir, 'entries');
    mkdirSync(dir, { recursive: true });
    const wimPath = captureWim(join(dir, 'install.wim'), folders, { compress: 'lzx' });
    const source = await fileSource(wimPath);
    try {
      const wim = await openWim(source, { label: 'sources/install.wim' });
      const split = await splitWim(source, { partSize: MiB });
      const all = split.parts.flatMap((part) => [...part.entries]).map((e) => lookupEntry(wim.table, e).sha1);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(wim.table.metadata.length + wim.table.blobs.length);
      const info = wimlibInfo(wimPath);
      const summary = summarizeWimXml(await readWimXml(wim));
      expect(summary.images.map((image) => image.name)).toEqual(info.imageNames);
      expect(summary.images.map((image) => image.index)).toEqual([1, 2, 3]);
      // wimlib's TOTALBYTES is the number of bytes before the XML data.
      expect(summary.totalBytes).toBe(wim.header.xmlData.offset);
    } finally {
      await source.close();
    }
  });
});

describe('part names', () => {
  it('numbers parts before the extension, as wimlib and DISM name them', () => {
    expect([1, 2, 10].map((n) => swmPartName('install.swm', n))).toEqual(['install.swm', 'install2.swm', 'install10.swm']);
    expect(swmPartName('sources/install.swm', 3)).toBe('sources/install3.swm');
    expect(swmPartName('part', 2)).toBe('part2');
    expect(swmPartName('dir.d/part', 2)).toBe('dir.d/part2');
  });
});
