// Runs the container fuzzer (scripts/fuzz-containers.ts) over every generator. The normal suite
// uses a small budget; a long run: FUZZ_RUNS=5000 FUZZ_SECONDS=1200 npx vitest run scripts/fuzz-containers.test.ts
// A failure is saved to main/engine/sources/regressions/ (commit it: regressions.test.ts replays it).

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../main/test-support/loop.js';
import { missing } from '../main/test-support/prereq.js';
import { GENERATORS } from './fuzz-container-cases.js';
import { CASE_TIMEOUT_MS, runContainerFuzz } from './fuzz-containers.js';

const runs = Number(process.env.FUZZ_RUNS ?? 80);
const seconds = Number(process.env.FUZZ_SECONDS ?? 20);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const skip = missing({ tools: ['bzip2'] });

describe.skipIf(skip !== null)('container fuzzer', () => {
  const tmp = tempDir('imprint-fuzz-containers-');
  afterAll(() => tmp.remove());

  it(`finds no container that crashes, hangs or swells the decoders (${runs} cases or ${seconds} s)`, async () => {
    const report = await runContainerFuzz({
      runs,
      seconds,
      seed,
      generators: Object.keys(GENERATORS),
      scratch: tmp.dir,
      regressionsDir: join(__dirname, '..', 'main', 'engine', 'sources', 'regressions'),
    });
    console.log(`fuzz-containers: ${report.runs} cases, seed ${report.seed}, per generator ${JSON.stringify(report.perGenerator)}`);
    expect(report.failure, report.failure === null ? '' : `${report.failure.file}\n${report.failure.error}`).toBeNull();
  }, (seconds + 60) * 1000 + CASE_TIMEOUT_MS);
});
