// Counts the tests the suite will run, for real: Vitest collects every test file (count-vitest.mjs)
// and Playwright lists its tests, at the same time. Nothing is run. Also the words of the line the
// suite starts with.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function capture(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ status: null, output: `${output}${error.message}` }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Playwright's JSON report of `--list`: every test with its project and, when skipped, why. */
function playwrightTests(report) {
  const tests = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const skip = test.annotations?.find((a) => a.type === 'skip');
        tests.push({ project: test.projectName, file: spec.file, title: spec.title, skipped: test.expectedStatus === 'skipped', reason: skip?.description ?? '' });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return tests;
}

/** Vitest's count, collected in a child process: { files, tests, skipped[], errors[] }, or { problem }. */
export async function collectVitest(root, dir) {
  const out = join(dir, 'vitest.json');
  const run = await capture(process.execPath, [join(root, 'scripts/test/count-vitest.mjs'), out], { cwd: root });
  // Vitest exits 1 when a file fails to load, and still writes the count of the others.
  const result = readJson(out);
  if (result === null) return { problem: `Vitest could not collect the tests (exit ${run.status}):\n${run.output.trim()}` };
  if (result.errors.length > 0) return { ...result, problem: `Vitest could not load ${result.errors.length} test file(s):\n${result.errors.join('\n')}` };
  return result;
}

/** Playwright's list: [{ project, file, title, skipped, reason }], or { problem }. */
export async function listPlaywright(root, dir) {
  const out = join(dir, 'playwright.json');
  const run = await capture(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--list', '--reporter=json'], {
    cwd: root,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  const report = run.status === 0 ? readJson(out) : null;
  if (report === null) return { problem: `Playwright could not list the tests:\n${run.output.trim()}` };
  const errors = (report.errors ?? []).map((e) => e.message);
  if (errors.length > 0) return { problem: `Playwright could not load every test file:\n${errors.join('\n')}` };
  return { tests: playwrightTests(report) };
}

/**
 * { vitest: { files, tests, skipped[] } | null, playwright: [test] | null, problems: [text], ms }, both
 * counted at once. A count that fails is null with the reason in problems: the run goes on and shows it.
 */
export async function countTests(root) {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'imprint-count-'));
  try {
    const [v, p] = await Promise.all([collectVitest(root, dir), listPlaywright(root, dir)]);
    const problems = [v.problem, p.problem].filter((x) => x !== undefined);
    return { vitest: v.tests === undefined ? null : v, playwright: p.tests ?? null, problems, ms: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const ELECTRON_LAUNCH = 'the Electron launch (no Electron binary on this machine)';

/**
 * What will be skipped, as [{ count, why, expected }]: the Electron launch is the one expected skip;
 * with prerequisites missing (a partial run) the tests that need them are counted together.
 */
export function skipsOf(count, { prerequisitesMissing }) {
  const unit = count.vitest?.skipped ?? [];
  const e2e = (count.playwright ?? []).filter((t) => t.skipped);
  const electron = e2e.filter((t) => t.project === 'electron');
  const web = e2e.filter((t) => t.project !== 'electron');
  const skips = [];
  if (prerequisitesMissing && unit.length + web.length > 0) {
    const who = [unit.length > 0 ? plural(unit.length, 'unit test') : '', web.length > 0 ? plural(web.length, 'end-to-end test') : ''].filter(Boolean);
    skips.push({ count: unit.length + web.length, why: `${who.join(' and ')} that need what is not installed here (listed below)`, expected: false });
  } else {
    if (unit.length > 0) skips.push({ count: unit.length, why: `${plural(unit.length, 'unit test')} marked skip (${[...new Set(unit.map((s) => s.file))].join(', ')})`, expected: false });
    const byReason = new Map();
    for (const t of web) byReason.set(t.reason || 'marked skip', (byReason.get(t.reason || 'marked skip') ?? 0) + 1);
    for (const [why, n] of byReason) skips.push({ count: n, why: `${plural(n, 'end-to-end test')}: ${why}`, expected: false });
  }
  if (electron.length > 0) skips.push({ count: electron.length, why: ELECTRON_LAUNCH, expected: true });
  return skips;
}

/** The suite's first line: how many tests will run, and what is skipped and why. */
export function summaryLine(count, skips) {
  const unit = count.vitest === null ? 'unit tests not counted (see below)' : `${plural(count.vitest.tests, 'unit test')} in ${plural(count.vitest.files, 'file')} (Vitest)`;
  const e2e = count.playwright === null ? 'end-to-end tests not counted (see below)' : `${plural(count.playwright.length, 'end-to-end test')} (Playwright)`;
  const total = skips.reduce((n, s) => n + s.count, 0);
  const skipped = total === 0 ? 'none' : `${total} — ${skips.map((s) => s.why).join('; ')}`;
  return `Imprint tests: ${unit} and ${e2e}; skipped: ${skipped}`;
}
