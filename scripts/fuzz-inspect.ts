// Property-based fuzzing of inspection (fast-check): real fixture images with bytes flipped in
// their structures, 32-bit fields set to absurd values, sectors spliced over others, and cuts.
// The property is the hostile-input contract (scripts/fixtures/survive.ts): a result or a typed
// error, in bounded time. A failing case is shrunk and saved to app/inspect/regressions/ as JSON,
// which app/inspect/regressions.test.ts replays on every test run.
// Budget: FUZZ_RUNS (runs) and FUZZ_SECONDS (wall time), FUZZ_SEED to replay a run.

import fc from 'fast-check';
import { CachingSource, type ByteSource } from '../app/inspect/byte-source.js';
import { exercise } from '../main/test-support/fixtures/survive.js';
import { mutatedSource, type FuzzCase, type Mutation } from './fuzz-mutations.js';
import { keepCounterexample } from './fuzz-regressions.js';

export const FUZZ_PATHS = ['README.TXT', 'docs/data.bin', 'sources/install.wim', 'EFI/BOOT/BOOTX64.EFI', 'many', 'a/b/c/d/e'];
/** A single case may take this long before it counts as a hang. */
export const CASE_TIMEOUT_MS = 5000;

export interface FuzzOptions {
  runs: number;
  seconds: number;
  seed?: number;
  /** Fixture name → image bytes. */
  fixtures: Record<string, Uint8Array>;
  /** Where failing cases are written. */
  regressionsDir: string;
}

export interface FuzzReport {
  runs: number;
  seed: number;
  failure: { file: string; case: FuzzCase; error: string } | null;
}

const SECTOR = 2048;

/** The byte ranges a clean run of the parsers reads: where mutations hit structures, not file data. */
async function structureRanges(base: Uint8Array): Promise<Array<[number, number]>> {
  const ranges: Array<[number, number]> = [];
  const source = mutatedSource(base, []);
  const recorder: ByteSource = {
    size: source.size,
    read(offset, length) {
      // Sector-sized pieces of the first 16 KiB of each read: headers and entries, not file data.
      for (let at = offset; at < offset + Math.min(length, 16 * 1024); at += 512) {
        ranges.push([at, Math.min(512, offset + length - at)]);
      }
      return source.read(offset, length);
    },
  };
  // Sector-sized cache blocks, so the recorded ranges stay close to the fields the parsers read.
  await exercise(new CachingSource(recorder, { blockSize: 512 }), FUZZ_PATHS);
  return ranges;
}

function offsetArb(length: number, ranges: ReadonlyArray<[number, number]>): fc.Arbitrary<number> {
  const within = (min: number, max: number): fc.Arbitrary<number> =>
    fc.integer({ min: Math.min(min, length - 1), max: Math.max(0, Math.min(max, length - 1)) });
  // Within a piece, favour its first bytes: descriptor headers, the first entries of a table.
  const read =
    ranges.length === 0
      ? within(0, length)
      : fc.integer({ min: 0, max: ranges.length - 1 }).chain((i) => {
          const [start, size] = ranges[i] ?? [0, 1];
          return fc.oneof(within(start, start + Math.min(size, 128) - 1), within(start, start + size - 1));
        });
  return fc.oneof(
    { weight: 6, arbitrary: read }, // bytes the parsers read on the clean image

    { weight: 1, arbitrary: within(0, 1023) }, // MBR, GPT header, FAT boot sector
    { weight: 1, arbitrary: within(16 * SECTOR, 24 * SECTOR) }, // ISO volume descriptors, UDF recognition sequence
    { weight: 1, arbitrary: within(256 * SECTOR, 256 * SECTOR + 2047) }, // UDF anchor
    { weight: 1, arbitrary: within(0, length) },
  );
}

const interesting = fc.oneof(
  fc.constantFrom(0, 1, 2, 16, 255, 256, 2048, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
  fc.nat(),
);

function mutationArb(length: number, ranges: ReadonlyArray<[number, number]>): fc.Arbitrary<Mutation> {
  const offset = offsetArb(length, ranges);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), offset, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('u32' as const), offset, value: interesting }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), from: offset, to: offset, length: fc.constantFrom(32, 512, 2048, 4096) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), size: offset }) },
  );
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const names = Object.keys(options.fixtures);
  const ranges = new Map<string, Array<[number, number]>>();
  for (const name of names) ranges.set(name, await structureRanges(options.fixtures[name] ?? new Uint8Array(0)));
  const seed = options.seed ?? Date.now() % 0x7fffffff;
  const caseArb = fc.constantFrom(...names).chain((fixture) =>
    fc.record({
      fixture: fc.constant(fixture),
      mutations: fc.array(mutationArb(options.fixtures[fixture]?.length ?? 1, ranges.get(fixture) ?? []), {
        minLength: 1,
        maxLength: 8,
      }),
    }),
  );
  let runs = 0;
  const property = fc.asyncProperty(caseArb, async (fuzzCase: FuzzCase) => {
    runs += 1;
    const base = options.fixtures[fuzzCase.fixture] ?? new Uint8Array(0);
    const outcome = await exercise(mutatedSource(base, fuzzCase.mutations), FUZZ_PATHS);
    if (outcome.ms > CASE_TIMEOUT_MS) throw new Error(`took ${Math.round(outcome.ms)} ms`);
  });
  const result = await fc.check<[FuzzCase]>(property, {
    numRuns: options.runs,
    seed,
    plugins: [fc.timeout(CASE_TIMEOUT_MS), fc.interruptAfterTimeLimit(options.seconds * 1000)],
  });
  return { runs, seed, failure: keepCounterexample(result, options.regressionsDir) };
}
