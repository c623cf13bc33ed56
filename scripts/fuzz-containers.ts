// Property-based fuzzing of every container decoder in main/engine/sources (fast-check), as
// scripts/fuzz-inspect.ts does for the parsers: a generator's file (fuzz-container-cases.ts) with
// named fields set to absurd values and bytes overwritten near its start and end, opened as the
// engine opens images, read through its write pass (a bounded share), then inspected, listed and
// read through as a browsed image. The property: a result or a typed error, within a deadline
// and a bound on peak memory. A failing case is shrunk and saved to main/engine/sources/regressions/
// as JSON, which main/engine/sources/regressions.test.ts replays on every test run.
// Budget: FUZZ_RUNS (cases) and FUZZ_SECONDS (wall time); FUZZ_SEED replays a run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ImprintError } from '../app/errors.js';
import type { ByteSource } from '../app/inspect/byte-source.js';
import { listImageDirectory, openImageFile } from '../app/inspect/image-files.js';
import { inspectImage } from '../app/inspect/inspect-image.js';
import { openImage } from '../main/engine/source.js';
import { viewImageBytes } from '../main/engine/sources/byte-view.js';
import { BASE_FILES, GENERATORS, type CaseFiles } from './fuzz-container-cases.js';
import { keepCounterexample } from './fuzz-regressions.js';

/** A byte-level edit of the built file; a negative `at` counts from the end (trailers live there). */
export type ByteMutation =
  | { kind: 'write'; at: number; bytes: number[] }
  | { kind: 'u32le' | 'u32be'; at: number; value: number }
  | { kind: 'truncate'; at: number };

export interface ContainerCase {
  /** Why a hand-kept case is there (fuzzer-saved cases have none). */
  note?: string;
  generator: string;
  fields: Record<string, number>;
  mutations: ByteMutation[];
}

/** A case may take this long (opening, the write-pass share, inspection, listing) before it is a hang. */
export const CASE_TIMEOUT_MS = 10_000;
/** Peak resident memory a case may add; every decoder keeps far less (the largest: a 128 MiB xz or zstd window). */
export const CASE_MEMORY_BYTES = 512 * 1024 * 1024;
/** Decoded bytes of the write pass read per case: enough to cross every container's first structures. */
const WRITE_PASS_BYTES = 16 * 1024 * 1024;
/** Inspection decodes this far into compressed images here (1 GiB in the product: time scales with it). */
const FUZZ_DECODE_LIMIT = 128 * 1024 * 1024;

/** What a hostile image may legitimately end in; anything else is a bug. */
export const EXPECTED_CODES = new Set([
  'E_IMAGE_CORRUPT',
  'E_IMAGE_EMPTY',
  'E_IMAGE_UNSUPPORTED',
  'E_ARCHIVE_NO_IMAGE',
  'E_ARCHIVE_MANY_IMAGES',
  'E_INSPECT_LIMIT',
  'E_IMAGE_PATH_NOT_FOUND',
  'E_IMAGE_NOT_BROWSABLE',
  'E_IMAGE_NOT_FOUND',
  'E_IMAGE_NOT_A_FILE',
]);

async function typed(work: () => Promise<unknown>): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (error instanceof ImprintError && EXPECTED_CODES.has(error.code)) return error.code;
    throw error;
  }
}

function applyMutations(bytes: Buffer, mutations: readonly ByteMutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = Math.max(0, Math.min(out.length, m.at < 0 ? out.length + m.at : m.at));
    if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'write') Buffer.from(m.bytes).copy(out, at);
    else if (at + 4 <= out.length) {
      if (m.kind === 'u32le') out.writeUInt32LE(m.value >>> 0, at);
      else out.writeUInt32BE(m.value >>> 0, at);
    }
  }
  return out;
}

const built = new Map<string, CaseFiles>();

/** Writes the case's files into `dir` and returns the image's path. */
export function writeCase(fuzzCase: ContainerCase, dir: string): string {
  const generator = GENERATORS[fuzzCase.generator];
  if (generator === undefined) throw new Error(`unknown generator ${fuzzCase.generator}`);
  const key = `${fuzzCase.generator}:${JSON.stringify(fuzzCase.fields)}`;
  let files = built.get(key);
  if (!files) {
    files = generator.build(fuzzCase.fields);
    built.set(key, files);
    while (built.size > 64) built.delete(built.keys().next().value ?? key);
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files.side ?? {})) writeFileSync(join(dir, name), bytes);
  const path = join(dir, files.name);
  writeFileSync(path, applyMutations(files.main, fuzzCase.mutations));
  return path;
}

async function browse(bytes: ByteSource, path: string): Promise<void> {
  await typed(() => inspectImage(bytes, { path, container: 'fuzz', sizeIsEstimate: false }));
  await typed(() => listImageDirectory(bytes, path, '/'));
  for (const name of BASE_FILES) {
    await typed(async () => {
      const file = await openImageFile(bytes, path, name);
      // At most 1 MiB: a hostile size must not make the check itself allocate without bound.
      return file.read(0, Math.min(file.size, 1024 * 1024));
    });
  }
}

export interface CaseOutcome {
  /** The first typed error met (opening it, or reading it), or null when everything succeeded. */
  error: string | null;
  ms: number;
  /** Peak resident memory added while it ran (bytes; the process's high-water mark). */
  rssGrowth: number;
}

/** Opens, reads a share of the write pass, inspects and browses the image at `path`. */
export async function exerciseContainer(path: string): Promise<CaseOutcome> {
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  let error: string | null = null;
  let source;
  try {
    source = await openImage(path, { checkIntact: false });
  } catch (caught) {
    if (caught instanceof ImprintError && EXPECTED_CODES.has(caught.code)) error = caught.code;
    else throw caught;
  }
  if (source) {
    try {
      const opened = source;
      error = await typed(async () => {
        const reader = await opened.openReader();
        try {
          const chunk = Buffer.alloc(1024 * 1024);
          for (let total = 0, n = 1; n > 0 && total < WRITE_PASS_BYTES; total += n) n = await reader.read(chunk);
        } finally {
          await reader.close();
        }
      });
      const view = await viewImageBytes(opened, FUZZ_DECODE_LIMIT);
      try {
        await browse(view.bytes, path);
      } finally {
        await view.close();
      }
    } finally {
      await source.close();
    }
  }
  return { error, ms: performance.now() - start, rssGrowth: process.resourceUsage().maxRSS * 1024 - peakBefore };
}

/** Throws when an outcome breaks the bounds (the property, and the regression replay). */
export function checkBounds(outcome: CaseOutcome): void {
  if (outcome.ms > CASE_TIMEOUT_MS) throw new Error(`took ${Math.round(outcome.ms)} ms`);
  if (outcome.rssGrowth > CASE_MEMORY_BYTES) throw new Error(`peak memory grew by ${Math.round(outcome.rssGrowth / 1024 / 1024)} MiB`);
}

const interesting = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 7, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
  fc.constantFrom(2 ** 40, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 2 ** 64 - 1),
  fc.nat(),
);

function mutationArb(): fc.Arbitrary<ByteMutation> {
  // Headers at the start, trailers and directories at the end: where the containers keep their structures.
  const at = fc.oneof(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: -4096, max: -1 }), fc.integer({ min: 0, max: 1 << 20 }));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('u32le' as const, 'u32be' as const), at, value: interesting.map((v) => v % 2 ** 32) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  );
}

function caseArb(names: readonly string[]): fc.Arbitrary<ContainerCase> {
  return fc.constantFrom(...names).chain((generator) => {
    const fields = GENERATORS[generator]?.fields ?? [];
    const fieldArb =
      fields.length === 0
        ? fc.constant({})
        : fc.dictionary(fc.constantFrom(...fields), interesting, { maxKeys: 3 });
    return fc.record({
      generator: fc.constant(generator),
      fields: fieldArb,
      mutations: fc.array(mutationArb(), { maxLength: 4 }),
    });
  });
}

export interface FuzzOptions {
  runs: number;
  seconds: number;
  seed?: number;
  /** Generators to draw from (those whose tools are present). */
  generators: readonly string[];
  /** A scratch folder: each case writes its files into a subfolder. */
  scratch: string;
  /** Where failing cases are written. */
  regressionsDir: string;
}

export interface FuzzReport {
  runs: number;
  seed: number;
  perGenerator: Record<string, number>;
  failure: { file: string; case: ContainerCase; error: string } | null;
}

export async function runContainerFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 0x7fffffff;
  const perGenerator: Record<string, number> = {};
  let runs = 0;
  const property = fc.asyncProperty(caseArb(options.generators), async (fuzzCase) => {
    runs += 1;
    perGenerator[fuzzCase.generator] = (perGenerator[fuzzCase.generator] ?? 0) + 1;
    const path = writeCase(fuzzCase, join(options.scratch, `case-${runs % 8}`));
    checkBounds(await exerciseContainer(path));
  });
  const result = await fc.check<[ContainerCase]>(property, {
    numRuns: options.runs,
    seed,
    plugins: [fc.timeout(CASE_TIMEOUT_MS * 2), fc.interruptAfterTimeLimit(options.seconds * 1000)],
  });
  return { runs, seed, perGenerator, failure: keepCounterexample(result, options.regressionsDir) };
}
