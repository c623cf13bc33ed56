// The suite's first line (scripts/test/count.mjs): Playwright's real list of this repository, and
// the words for what is skipped. Vitest's own count is not collected here: collecting runs its
// global setup, which rebuilds dist/ under the tests running beside this one.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../e2e/electron/electron-binary.js';

const root = resolve(__dirname, '../..');

interface E2eTest {
  project: string;
  file: string;
  title: string;
  skipped: boolean;
  reason: string;
}
interface Count {
  vitest: { files: number; tests: number; skipped: { file: string; name: string }[] } | null;
  playwright: E2eTest[] | null;
}
interface Skip {
  count: number;
  why: string;
  expected: boolean;
}
interface CountModule {
  listPlaywright: (root: string, dir: string) => Promise<{ tests?: E2eTest[]; problem?: string }>;
  skipsOf: (count: Count, options: { prerequisitesMissing: boolean }) => Skip[];
  summaryLine: (count: Count, skips: Skip[]) => string;
}

// A plain .mjs script (it runs before anything is built): imported by URL, typed here.
const load = async (): Promise<CountModule> => (await import(pathToFileURL(join(root, 'scripts/test/count.mjs')).href)) as CountModule;

const web = (title: string, skipped = false, reason = ''): E2eTest => ({ project: 'web', file: 'web/a.spec.ts', title, skipped, reason });
const electron: E2eTest = { project: 'electron', file: 'electron/open-with.spec.ts', title: 'opens an ISO', skipped: true, reason: 'the Electron binary is not installed' };

describe("the suite's first line", () => {
  it('counts the end-to-end tests Playwright lists, with the Electron launch skipped only where Electron is missing', async () => {
    const { listPlaywright } = await load();
    const dir = mkdtempSync(join(tmpdir(), 'imprint-count-test-'));
    try {
      const listed = await listPlaywright(root, dir);
      expect(listed.problem).toBeUndefined();
      const tests = listed.tests ?? [];
      expect(tests.filter((t) => t.project === 'web').length).toBeGreaterThan(5);
      const launch = tests.filter((t) => t.project === 'electron');
      expect(launch).toHaveLength(1);
      expect(launch[0]?.skipped).toBe(electronBinary().path === null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('says how many tests run and that only the Electron launch is skipped', async () => {
    const { skipsOf, summaryLine } = await load();
    const count: Count = { vitest: { files: 72, tests: 540, skipped: [] }, playwright: [...Array.from({ length: 14 }, (_, i) => web(`t${i}`)), electron] };
    expect(summaryLine(count, skipsOf(count, { prerequisitesMissing: false }))).toBe(
      'Imprint tests: 540 unit tests in 72 files (Vitest) and 15 end-to-end tests (Playwright); skipped: 1 — the Electron launch (no Electron binary on this machine)',
    );
    expect(skipsOf(count, { prerequisitesMissing: false })).toEqual([{ count: 1, why: 'the Electron launch (no Electron binary on this machine)', expected: true }]);
    const none: Count = { vitest: { files: 1, tests: 1, skipped: [] }, playwright: [web('a')] };
    expect(summaryLine(none, skipsOf(none, { prerequisitesMissing: false }))).toBe('Imprint tests: 1 unit test in 1 file (Vitest) and 1 end-to-end test (Playwright); skipped: none');
  });

  it('in a partial run, counts the tests that need what is missing; otherwise names skips it did not expect', async () => {
    const { skipsOf, summaryLine } = await load();
    const skipped = [{ file: 'main/cli/formats.test.ts', name: 'a' }, { file: 'main/cli/formats.test.ts', name: 'b' }];
    const count: Count = { vitest: { files: 2, tests: 10, skipped }, playwright: [web('a', true, 'needs the tool "xorriso"'), web('b'), electron] };
    expect(summaryLine(count, skipsOf(count, { prerequisitesMissing: true }))).toBe(
      'Imprint tests: 10 unit tests in 2 files (Vitest) and 3 end-to-end tests (Playwright); skipped: 4 — 2 unit tests and 1 end-to-end test that need what is not installed here (listed below); the Electron launch (no Electron binary on this machine)',
    );
    expect(skipsOf(count, { prerequisitesMissing: false })).toEqual([
      { count: 2, why: '2 unit tests marked skip (main/cli/formats.test.ts)', expected: false },
      { count: 1, why: '1 end-to-end test: needs the tool "xorriso"', expected: false },
      { count: 1, why: 'the Electron launch (no Electron binary on this machine)', expected: true },
    ]);
    expect(summaryLine({ vitest: null, playwright: null }, [])).toBe(
      'Imprint tests: unit tests not counted (see below) and end-to-end tests not counted (see below); skipped: none',
    );
  });
});
