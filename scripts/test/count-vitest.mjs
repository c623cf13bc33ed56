// Collects (does not run) every Vitest test and writes the count to the file named by argv[2]:
// { files, tests, skipped: [{ file, name }], errors: [text] }. A child process of count.mjs, so
// Vitest's environment variables stay out of the runner.
//
// Collection imports every test file; without isolation (one module graph per worker instead of
// one per file) it takes about a third of the time, and the count is the same: what a file
// registers does not depend on what another file imported before it.

import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createVitest } from 'vitest/node';

const [out] = process.argv.slice(2);
const vitest = await createVitest('test', { watch: false, isolate: false, reporters: [] });
try {
  const { testModules, unhandledErrors } = await vitest.collect();
  const errors = unhandledErrors.map((e) => String(e instanceof Error ? e.message : e));
  const skipped = [];
  let tests = 0;
  for (const module of testModules) {
    const file = relative(process.cwd(), module.moduleId);
    for (const e of module.errors()) errors.push(`${file}: ${e.message}`);
    for (const test of module.children.allTests()) {
      tests += 1;
      if (test.options.mode === 'skip' || test.options.mode === 'todo') skipped.push({ file, name: test.fullName });
    }
  }
  writeFileSync(out, JSON.stringify({ files: testModules.length, tests, skipped, errors }));
} finally {
  await vitest.close();
}
