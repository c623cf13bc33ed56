// What every fuzzer here does with a failure: the shrunk case is kept as a regression file named by
// its content (so the same case is never kept twice), for the suite to replay from then on.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type fc from 'fast-check';

export interface KeptFailure<Case> {
  file: string;
  case: Case;
  error: string;
}

/** Null when the run passed; otherwise the failing case, written to `regressionsDir`. */
export function keepCounterexample<Case>(result: fc.RunDetails<[Case]>, regressionsDir: string): KeptFailure<Case> | null {
  if (!result.failed || result.counterexample === null) return null;
  const [failing] = result.counterexample;
  const text = `${JSON.stringify(failing, null, 2)}\n`;
  const file = join(regressionsDir, `fuzz-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.json`);
  mkdirSync(regressionsDir, { recursive: true });
  writeFileSync(file, text);
  const error = result.errorInstance instanceof Error ? (result.errorInstance.stack ?? result.errorInstance.message) : String(result.errorInstance);
  return { file, case: failing, error };
}
