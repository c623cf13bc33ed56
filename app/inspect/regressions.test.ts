// Replays every input the fuzzer ever found failing (regressions/*.json: a fixture name and the
// mutations applied to it), with the hostile-input contract: a result or a typed error, quickly.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { FIXTURE_BUILDERS } from '../../main/test-support/fixtures/by-name.js';
import { fixtureMissing } from '../../main/test-support/fixtures/images.js';
import { exercise } from '../../main/test-support/fixtures/survive.js';
import { CASE_TIMEOUT_MS, FUZZ_PATHS } from '../../scripts/fuzz-inspect.js';
import { mutatedSource, type FuzzCase } from '../../scripts/fuzz-mutations.js';

const dir = join(__dirname, 'regressions');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const skip = fixtureMissing('iso', 'syslinux', 'windows', 'disks', 'udf');

describe.skipIf(skip !== null)('fuzz regressions', () => {
  const tmp = tempDir('imprint-regressions-');
  const built = new Map<string, Uint8Array>();
  afterAll(() => tmp.remove());

  it('has saved cases to replay', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of cases) {
    it(`survives ${file}`, async () => {
      const fuzzCase = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FuzzCase;
      const build = FIXTURE_BUILDERS[fuzzCase.fixture];
      expect(build, `unknown fixture ${fuzzCase.fixture}`).toBeDefined();
      if (build === undefined) return;
      let base = built.get(fuzzCase.fixture);
      if (base === undefined) {
        base = readFileSync(build(tmp.dir));
        built.set(fuzzCase.fixture, base);
      }
      const outcome = await exercise(mutatedSource(base, fuzzCase.mutations), FUZZ_PATHS);
      expect(outcome.ms).toBeLessThan(CASE_TIMEOUT_MS);
    });
  }
});
