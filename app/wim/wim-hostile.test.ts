// Hostile and unsplittable WIMs: truncated downloads, damaged headers and lookup tables, absurd
// sizes and counts, ESD, pipable and already-split files end in a typed error that says what is
// wrong, within a time bound; and a fuzzer (fast-check) for the cases nobody thought of.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImprintError } from '../errors.js';
import { memorySource, type ByteSource } from '../inspect/byte-source.js';
import { tempDir } from '../../main/test-support/loop.js';
import { pattern } from '../../main/test-support/fixtures/content.js';
import { captureWim, sampleTrees, syntheticWim, wimlibSplit, wimtoolsMissing, writeTree } from '../../main/test-support/wim-fixtures.js';
import { openWim, planSplit, readWimXml, splitOpenedWim, splitWim, type WimSplit } from './index.js';

const MiB = 1024 * 1024;
/** Real splits take milliseconds; a loop or a runaway read would take far longer. */
const TIME_BOUND_MS = 2000;
const skip = wimtoolsMissing();

interface Outcome {
  split: WimSplit | null;
  error: ImprintError | null;
  ms: number;
}

/** Opens, splits and reads every byte of every part: the whole contract, as the writer would use it. */
async function attempt(source: ByteSource, partSize = MiB): Promise<Outcome> {
  const started = performance.now();
  try {
    const split = await splitWim(source, { partSize, label: 'sources/install.wim' });
    for (const part of split.parts) {
      for (let at = 0; at < part.size; at += 4 * MiB) {
        const bytes = await part.source.read(at, 4 * MiB);
        if (bytes.length !== Math.min(4 * MiB, part.size - at)) throw new Error(`short read of ${part.name} at ${at}`);
      }
    }
    return { split, error: null, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof ImprintError)) throw error;
    return { split: null, error, ms: performance.now() - started };
  }
}

async function failure(bytes: Uint8Array, partSize = MiB): Promise<ImprintError> {
  const outcome = await attempt(memorySource(bytes), partSize);
  expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
  if (outcome.error === null) throw new Error('expected an error');
  return outcome.error;
}

function patched(base: Buffer, change: (bytes: Buffer, tableAt: number) => void): Buffer {
  const bytes = Buffer.from(base);
  change(bytes, Number(bytes.readBigUInt64LE(56)));
  return bytes;
}

describe.skipIf(skip !== null)('hostile WIM files', () => {
  // Made when the tests run, not when they are collected (a filtered run leaves nothing behind).
  let tmp = { dir: '', remove: (): void => undefined };
  let wim = Buffer.alloc(0);
  let folder = '';

  beforeAll(() => {
    tmp = tempDir('imprint-wim-hostile-');
    const [first, second] = sampleTrees(3);
    folder = writeTree(join(tmp.dir, 'tree1'), first ?? {});
    const folder2 = writeTree(join(tmp.dir, 'tree2'), second ?? {});
    wim = readFileSync(captureWim(join(tmp.dir, 'install.wim'), [folder, folder2], { compress: 'lzx' }));
  });
  afterAll(() => tmp.remove());

  it('splits the undamaged fixture (the baseline every case below damages)', async () => {
    const outcome = await attempt(memorySource(wim));
    expect(outcome.error).toBeNull();
    expect(outcome.split?.parts.length).toBeGreaterThan(2);
  });

  it('a truncated WIM, cut anywhere, is damaged and says where', async () => {
    const cuts = [0, 1, 100, 207, 208, 209, ...Array.from({ length: 40 }, (_, i) => Math.floor((wim.length * (i + 1)) / 41)), wim.length - 1];
    for (const cut of cuts) {
      const error = await failure(wim.subarray(0, cut));
      expect(error.code, `cut at ${cut}`).toBe('E_IMAGE_CORRUPT');
      expect(error.message, `cut at ${cut}`).toMatch(/sources\/install\.wim: (it is \d+ bytes long, too short|its (XML data|lookup table) lies past the end of the file)/);
    }
  });

  it('damaged headers: signature, header size, part numbers, image count, compression, chunk size', async () => {
    const cases: Array<[(b: Buffer) => void, RegExp, string]> = [
      [(b) => b.write('XXXXX', 0, 'latin1'), /does not start with the WIM signature/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(200, 8), /header claims to be 200 bytes/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(0x1234, 12), /unknown version \(0x1234\)/, 'E_IMAGE_UNSUPPORTED'],
      [(b) => b.writeUInt16LE(0, 40), /part 0 of 1/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt16LE(3, 40), /part 3 of 1/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(70000, 44), /claims 70000 images/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(5, 44), /counts 5 images but the lookup table holds metadata for 2/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(0x2, 16), /compressed but names no compression type/, 'E_IMAGE_CORRUPT'],
      [(b) => b.writeUInt32LE(12345, 20), /invalid chunk size \(12345 bytes\) for LZX/, 'E_IMAGE_CORRUPT'],
    ];
    for (const [change, message, code] of cases) {
      const error = await failure(patched(wim, change));
      expect(error.code, String(message)).toBe(code);
      expect(error.message).toMatch(message);
    }
  });

  it('a lookup table or XML data placed or sized past the end, or absurdly, is refused before anything is read', async () => {
    const end = wim.length;
    const cases: Array<[(b: Buffer) => void, RegExp]> = [
      [(b) => b.writeBigUInt64LE(BigInt(end), 56), /its lookup table lies past the end of the file/],
      [(b) => (b.writeUIntLE(2 ** 40, 48, 6), b.writeBigUInt64LE(2n ** 40n, 64)), /its lookup table lies past the end of the file/],
      [(b) => b.writeUIntLE(0xff_ffff_ffff, 48, 6), /lookup table claims \d+ stored bytes for \d+ bytes of data/],
      [(b) => b.writeBigUInt64LE(2n ** 62n, 56), /lookup table holds an impossibly large number/],
      [(b) => b.writeBigUInt64LE(BigInt(end - 10), 80), /its XML data lies past the end of the file/],
      [(b) => b.writeBigUInt64LE(0n, 80), /its XML data overlaps the header/],
      [(b) => (b[79] = 0x04), /compressed XML data/],
    ];
    for (const [change, message] of cases) expect((await failure(patched(wim, change))).message).toMatch(message);
  });

  it('corrupt lookup-table entries: past the end, into the header, overlapping, inconsistent, shared metadata', async () => {
    const entry = (k: number, tableAt: number): number => tableAt + k * 50;
    // A small resource moved inside a larger one, so it still lies within the file.
    const { table } = await openWim(memorySource(wim));
    const bySize = [...table.blobs].sort((a, b) => (table.sizeInWim[a] ?? 0) - (table.sizeInWim[b] ?? 0));
    const [small, large] = [bySize[0] ?? 0, bySize[bySize.length - 1] ?? 0];
    const cases: Array<[(b: Buffer, t: number) => void, RegExp]> = [
      [(b, t) => b.writeBigUInt64LE(BigInt(wim.length), entry(3, t) + 8), /lookup table entry 4 lies past the end of the file/],
      [(b, t) => b.writeBigUInt64LE(100n, entry(3, t) + 8), /lookup table entry 4 points into the header/],
      [(b, t) => b.writeBigUInt64LE(b.readBigUInt64LE(entry(large, t) + 8) + 1n, entry(small, t) + 8), /two of its resources overlap at byte \d+/],
      [(b, t) => b.writeBigUInt64LE(b.readBigUInt64LE(entry(large, t) + 8), entry(small, t) + 8), /two of its resources overlap/],
      [(b, t) => b.writeBigUInt64LE(b.readBigUInt64LE(56) - 1n, entry(small, t) + 8), /two of its resources overlap/],
      [(b, t) => (b[entry(2, t) + 7] = 0, b.writeBigUInt64LE(999n, entry(2, t) + 16)), /entry 3 is uncompressed but claims \d+ stored bytes for 999/],
      [(b, t) => b.writeUInt32LE(2, entry(0, t) + 26), /entry 1 is image metadata shared 2 times/],
      [(b, t) => b.writeUInt32LE(0xffffffff, entry(5, t) + 4), /entry 6 holds an impossibly large number|entry 6 lies past the end/],
    ];
    for (const [change, message] of cases) expect((await failure(patched(wim, change))).message).toMatch(message);
  });

  it('skips what wimlib skips: entries without a hash, without data, of another part; and duplicates', async () => {
    const base = await openWim(memorySource(wim));
    const kept = base.table.blobs.length;
    const bytes = patched(wim, (b, t) => {
      b.fill(0, t + 5 * 50 + 30, t + 5 * 50 + 50); // no hash
      b.writeUInt16LE(2, t + 6 * 50 + 24); // another part's entry
      b.copy(b, t + 8 * 50 + 30, t + 7 * 50 + 30, t + 7 * 50 + 50); // same hash as the entry before it
    });
    const damaged = await openWim(memorySource(bytes));
    expect(damaged.table.blobs.length).toBe(kept - 3);
    const outcome = await attempt(memorySource(bytes));
    expect(outcome.error).toBeNull();
  });

  it('an ESD (solid) file is refused for splitting with the reason and a way out; it can still be opened', async () => {
    const small = writeTree(join(tmp.dir, 'esd'), { 'a.bin': pattern(100_000, 1), 'b.txt': Buffer.from('b\n'), 'c/d.bin': pattern(50_000, 2) });
    const esd = captureWim(join(tmp.dir, 'install.esd'), [small], { compress: 'lzms', solid: true });
    const bytes = readFileSync(esd);
    const opened = await openWim(memorySource(bytes));
    expect(opened.table.solid).toBe(true);
    const error = await failure(bytes);
    expect(error.code).toBe('E_IMAGE_UNSUPPORTED');
    expect(error.message).toMatch(/sources\/install\.wim is an ESD \(solid-compressed\) file.*wimlib-imagex export/);
  });

  it('a part of a split set, and a pipable WIM, are refused for splitting', async () => {
    mkdirSync(join(tmp.dir, 'set'));
    const parts = wimlibSplit(join(tmp.dir, 'install.wim'), join(tmp.dir, 'set', 'install.swm'), MiB);
    for (const [i, path] of parts.entries()) {
      const error = await failure(readFileSync(path));
      expect(error.code).toBe('E_IMAGE_UNSUPPORTED');
      expect(error.message).toContain(`is already part ${i + 1} of a split set of ${parts.length} parts`);
    }
    const pipable = captureWim(join(tmp.dir, 'pipable.wim'), [folder], { compress: 'lzx', pipable: true });
    const error = await failure(readFileSync(pipable));
    expect(error.code).toBe('E_IMAGE_UNSUPPORTED');
    expect(error.message).toMatch(/pipable WIM/);
  });

  it('a WIM that shrinks after splitting fails the read that needs the missing bytes, as damaged', async () => {
    const full = memorySource(wim);
    const split = await splitWim(full, { partSize: MiB, label: 'sources/install.wim' });
    const shrunk: ByteSource = { size: wim.length, read: (offset, length) => full.read(offset, Math.min(length, Math.max(0, 300_000 - offset))) };
    const replayed = splitOpenedWim({ ...split.wim, source: shrunk }, { partSize: MiB });
    const last = replayed.parts[replayed.parts.length - 1];
    if (last === undefined) throw new Error('no parts');
    await expect(last.source.read(0, last.size)).rejects.toMatchObject({ code: 'E_IMAGE_CORRUPT', message: expect.stringMatching(/ended before the end of its resources/) as unknown });
  });

  it('refuses a part FAT32 cannot hold, saying whether one resource or the part size is the cause', async () => {
    const opened = await openWim(memorySource(wim), { label: 'sources/install.wim' });
    expect(() => splitOpenedWim(opened, { partSize: MiB, maxFileSize: MiB })).toThrow(/holds a single resource of 1\.\d+ MB \(\d+ bytes\), larger than the 1\.05 MB a file on the stick may be/);
    // At 2 MiB, part 1 holds several resources; a limit one byte under its size is the part size's fault.
    const [first] = planSplit(opened, 2 * MiB);
    const firstSize = splitOpenedWim(opened, { partSize: 2 * MiB, maxFileSize: null }).parts[0]?.size ?? 0;
    expect(first?.blobs.length).toBeGreaterThan(1);
    expect(() => splitOpenedWim(opened, { partSize: 2 * MiB, maxFileSize: firstSize - 1 })).toThrow(
      new RegExp(`would give install\\.swm a size of [\\d.]+ MB \\(${firstSize} bytes\\), over the [\\d.]+ MB a file on the stick may be: choose a smaller part size`),
    );
    expect(() => splitOpenedWim(opened, { partSize: 0 })).toThrow(/invalid WIM part size 0/);
    expect(splitOpenedWim(opened, { partSize: MiB, maxFileSize: null }).parts.length).toBeGreaterThan(2);
  });

  it('absurd XML sizes: the split copies the bytes, the XML reader refuses more than 16 MiB', async () => {
    const bigXml = Buffer.concat([wim, Buffer.alloc(17 * MiB)]);
    bigXml.writeUIntLE(17 * MiB, 72, 6);
    bigXml.writeBigUInt64LE(BigInt(wim.length), 80);
    bigXml.writeBigUInt64LE(BigInt(17 * MiB), 88);
    const opened = await openWim(memorySource(bigXml));
    await expect(readWimXml(opened)).rejects.toThrow(/XML data claims 17825792 bytes, more than any real WIM holds/);
  });
});

describe('hostile WIM files: sizes and counts at the bounds', () => {
  it('a lookup table over 64 MiB is refused without reading it', async () => {
    const bytes = Buffer.from(syntheticWim(10));
    const padded = Buffer.concat([bytes, Buffer.alloc(65 * MiB)]);
    padded.writeUIntLE(65 * MiB, 48, 6);
    padded.writeBigUInt64LE(BigInt(65 * MiB), 64);
    padded.writeBigUInt64LE(BigInt(bytes.length), 56);
    const error = await failure(padded);
    expect(error.message).toMatch(/lookup table claims 68157440 bytes, more than any real WIM holds/);
  });

  it('a million entries (the most the limit allows) open, plan and lay out in bounded time', async () => {
    const count = 1_000_000;
    const bytes = syntheticWim(count);
    // CPU time, not wall time: the bound is on the work done, whatever else the machine runs.
    const cpu = (): number => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    const started = cpu();
    const wim = await openWim(memorySource(bytes));
    expect(wim.table.blobs.length).toBe(count);
    const split = splitOpenedWim(wim, { partSize: 300_000 });
    expect(split.parts.length).toBe(Math.ceil((count + 64) / 300_000));
    expect(split.parts.reduce((sum, part) => sum + part.entries.length, 0)).toBe(count + 1);
    const ms = cpu() - started;
    console.info(`a million lookup-table entries: opened and split in ${Math.round(ms)} ms of CPU`);
    expect(ms).toBeLessThan(10_000);
  });

  it('random bytes, and random bytes behind a WIM signature, end in a typed error quickly', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const bytes = pattern([0, 1, 207, 208, 4096, 300_000][seed % 6] ?? 0, seed);
      if (seed % 2 === 0 && bytes.length >= 208) {
        bytes.write('MSWIM\0\0\0', 0, 'latin1');
        bytes.writeUInt32LE(208, 8);
        bytes.writeUInt32LE(0x10d00, 12);
      }
      const outcome = await attempt(memorySource(bytes));
      expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
      expect(outcome.error?.code).toMatch(/E_IMAGE_CORRUPT|E_IMAGE_UNSUPPORTED/);
    }
  });
});

describe.skipIf(skip !== null)('fuzzing the WIM reader and splitter (fast-check, bounded time)', () => {
  // Made when the tests run, not when they are collected (a filtered run leaves nothing behind).
  let tmp = { dir: '', remove: (): void => undefined };
  let wim = Buffer.alloc(0);
  let regions: Array<[number, number]> = [];

  beforeAll(() => {
    tmp = tempDir('imprint-wim-fuzz-');
    const small: Record<string, Buffer> = {};
    for (let i = 0; i < 30; i++) small[`f${i}.bin`] = pattern(200 + i * 1500, 500 + i);
    small['same.bin'] = small['f3.bin'] ?? Buffer.alloc(0);
    const one = writeTree(join(tmp.dir, 'one'), small);
    const two = writeTree(join(tmp.dir, 'two'), { 'x.txt': Buffer.from('two\n'), 'f1.bin': small['f1.bin'] ?? Buffer.alloc(0) });
    wim = readFileSync(captureWim(join(tmp.dir, 'fuzz.wim'), [one, two], { compress: 'xpress' }));
    const tableAt = Number(wim.readBigUInt64LE(56));
    const xmlAt = Number(wim.readBigUInt64LE(80));
    // Where the parser reads: the header, the lookup table (and the XML data, copied as it is).
    regions = [
      [0, 208],
      [tableAt, xmlAt - tableAt],
      [xmlAt, wim.length - xmlAt],
    ];
  });
  afterAll(() => tmp.remove());

  it('any damage to the header or lookup table gives a split or a typed error, within the time bound', async () => {
    const position = fc.oneof(
      ...regions.map(([start, length]) => ({ weight: start === 0 ? 3 : 2, arbitrary: fc.integer({ min: start, max: start + length - 1 }) })),
      { weight: 1, arbitrary: fc.integer({ min: 0, max: wim.length - 1 }) },
    );
    const value = fc.oneof(fc.constantFrom(0, 1, 2, 0x10, 0x7f, 0x80, 0xff), fc.integer({ min: 0, max: 255 }));
    const wide = fc.constantFrom(0, 1, 207, 208, 0x7fffffff, 0x80000000, 0xffffffff, wim.length, wim.length - 1);
    const mutation = fc.oneof(
      fc.record({ at: position, byte: value }),
      fc.record({ at: position, u32: wide }),
      fc.record({ at: position, copyFrom: position, length: fc.integer({ min: 1, max: 50 }) }),
    );
    const seed = Number(process.env.WIM_FUZZ_SEED ?? Date.now() % 2 ** 31);
    let runs = 0;
    const outcomes = { split: 0, E_IMAGE_CORRUPT: 0, E_IMAGE_UNSUPPORTED: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 8 }), fc.option(fc.integer({ min: 0, max: wim.length }), { freq: 4 }), async (mutations, cut) => {
        runs += 1;
        const bytes = Buffer.from(wim);
        for (const m of mutations) {
          if ('byte' in m) bytes[m.at] = m.byte;
          else if ('u32' in m) bytes.writeUInt32LE(m.u32, Math.min(m.at, bytes.length - 4));
          else bytes.copy(bytes, m.at, m.copyFrom, Math.min(bytes.length, m.copyFrom + m.length));
        }
        const damaged = cut === null ? bytes : bytes.subarray(0, cut);
        const outcome = await attempt(memorySource(damaged), 20_000);
        expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
        if (outcome.error !== null) expect(['E_IMAGE_CORRUPT', 'E_IMAGE_UNSUPPORTED']).toContain(outcome.error.code);
        const code = outcome.error?.code ?? 'split';
        if (code in outcomes) outcomes[code as keyof typeof outcomes] += 1;
        if (outcome.split !== null) {
          // Resources never overlap, so the set is never larger than the WIM plus each part's own header and XML copy.
          const xml = outcome.split.wim.header.xmlData.sizeInWim;
          expect(outcome.split.totalSize).toBeLessThanOrEqual(damaged.length + outcome.split.parts.length * (208 + xml));
        }
      }),
      { seed, numRuns: 100_000, plugins: [fc.interruptAfterTimeLimit(10_000, { failOnInterrupt: false })] },
    );
    console.info(`WIM fuzz: ${runs} cases in 10 s (seed ${seed}): ${JSON.stringify(outcomes)}`);
    expect(runs).toBeGreaterThan(100);
  }, 60_000);
});
