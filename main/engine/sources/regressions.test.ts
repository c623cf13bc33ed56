// Replays every container the fuzzer ever found failing (regressions/*.json: a generator, the
// fields it was given and the bytes overwritten), plus the hand-kept hostile files of issue 9,
// under the same contract as the fuzzer: a result or a typed error, within the time and memory bounds.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATORS } from '../../../scripts/fuzz-container-cases.js';
import { CASE_TIMEOUT_MS, checkBounds, exerciseContainer, writeCase, type ContainerCase } from '../../../scripts/fuzz-containers.js';
import { tempDir } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';

const dir = join(__dirname, 'regressions');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const skip = missing({ tools: ['bzip2'] });

describe.skipIf(skip !== null)('container fuzz regressions', () => {
  const tmp = tempDir('imprint-container-regressions-');
  afterAll(() => tmp.remove());

  it('has saved cases to replay', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const [i, file] of cases.entries()) {
    it(`survives ${file}`, async () => {
      const fuzzCase = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ContainerCase;
      expect(GENERATORS[fuzzCase.generator], `unknown generator ${fuzzCase.generator}`).toBeDefined();
      const outcome = await exerciseContainer(writeCase(fuzzCase, join(tmp.dir, `case-${i}`)));
      checkBounds(outcome);
    }, CASE_TIMEOUT_MS * 3);
  }
});
