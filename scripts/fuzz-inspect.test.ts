// Runs the inspection fuzzer (scripts/fuzz-inspect.ts) on every fixture. The normal suite uses a
// small budget; a long run: FUZZ_RUNS=20000 FUZZ_SECONDS=600 npx vitest run scripts/fuzz-inspect.test.ts
// A failure is saved to app/inspect/regressions/ (commit it: regressions.test.ts replays it).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../main/test-support/loop.js';
import { FIXTURE_BUILDERS } from '../main/test-support/fixtures/by-name.js';
import { fixtureMissing } from '../main/test-support/fixtures/images.js';
import { runFuzz } from './fuzz-inspect.js';

const skip = fixtureMissing('iso', 'syslinux', 'windows', 'disks', 'udf');
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seconds = Number(process.env.FUZZ_SECONDS ?? 20);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe.skipIf(skip !== null)('inspection fuzzer', () => {
  const tmp = tempDir('imprint-fuzz-');
  const fixtures: Record<string, Uint8Array> = {};

  beforeAll(() => {
    for (const [name, build] of Object.entries(FIXTURE_BUILDERS)) fixtures[name] = readFileSync(build(tmp.dir));
  });
  afterAll(() => tmp.remove());

  it(`finds no input that crashes or hangs inspection (${runs} runs or ${seconds} s)`, async () => {
    const report = await runFuzz({ runs, seconds, seed, fixtures, regressionsDir: join(__dirname, '..', 'app', 'inspect', 'regressions') });
    console.log(`fuzz-inspect: ${report.runs} runs, seed ${report.seed}`);
    expect(report.failure, report.failure === null ? '' : `${report.failure.file}\n${report.failure.error}`).toBeNull();
  }, (seconds + 60) * 1000);
});
