#!/usr/bin/env node
// npm test: the whole suite, with every test running. First the system prerequisites
// (scripts/test/prerequisites.json): as root with apt-get, missing packages are installed; elsewhere
// the run stops with the list of what to install, unless IMPRINT_TEST_PARTIAL=1 asks for a partial
// run (refused in CI). Then one line says how many tests will run and what is skipped and why, and
// the steps run: build, type-check, lint, Vitest, Playwright.
//
//   IMPRINT_TEST_PARTIAL=1     run what can run here; tests whose prerequisites are missing are skipped, with the reasons
//   IMPRINT_TEST_NO_INSTALL=1  never install anything: stop with the list instead
//   --check                    check the prerequisites (installing as above) and stop
//   --count                    also count the tests and print the first line, then stop

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTests, skipsOf, summaryLine } from './count.mjs';
import { describeGaps, findGaps, hasGaps, install, loadTable, onPath, realProbe } from './prerequisites.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const inCI = process.env.CI === 'true';
const partial = process.env.IMPRINT_TEST_PARTIAL === '1';
const checkOnly = process.argv.includes('--check');
const countOnly = process.argv.includes('--count');
const say = (line) => console.log(line);

function prerequisites() {
  const table = loadTable(root);
  let gaps = findGaps(table, realProbe(root));
  const aptAvailable = onPath('apt-get') !== null;
  const mayInstall = !gaps.notRoot && !gaps.notLinux && process.env.IMPRINT_TEST_NO_INSTALL !== '1';
  if (mayInstall && ((gaps.packages.length > 0 && aptAvailable) || gaps.kernel.length > 0)) {
    const failed = install(aptAvailable ? gaps : { ...gaps, packages: [] });
    if (failed !== null) say(`Imprint tests: ${failed}`);
    gaps = findGaps(table, realProbe(root));
  }
  return { gaps, aptAvailable };
}

function stop(gaps, aptAvailable) {
  const lines = ['Imprint tests: not every test can run on this machine. Missing:', ...describeGaps(gaps, { aptAvailable })];
  if (inCI) lines.push('CI runs every test: give the CI machine what is listed (as root with apt-get, npm test installs packages itself).');
  else lines.push('To run what can run here and skip the rest (each skip says why): IMPRINT_TEST_PARTIAL=1 npm test');
  console.error(lines.join('\n'));
  return 1;
}

function npm(args) {
  // Under npm, npm_execpath is npm's own script; run directly, npm is on PATH.
  const execPath = process.env.npm_execpath;
  return execPath ? [process.execPath, [execPath, ...args]] : ['npm', args];
}

const STEPS = [
  { name: 'the build', command: npm(['run', 'build']) },
  { name: 'the type-check', command: npm(['run', 'typecheck']) },
  { name: 'lint', command: npm(['run', 'lint']) },
  { name: 'Vitest', banner: '> vitest run', command: [process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run']] },
  { name: 'Playwright', banner: '> playwright test', command: [process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test']] },
];

function minutes(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

async function main() {
  const started = performance.now();
  if (partial && inCI) {
    console.error('Imprint tests: IMPRINT_TEST_PARTIAL=1 is refused when CI=true: CI runs every test.');
    return 2;
  }
  const { gaps, aptAvailable } = prerequisites();
  const incomplete = hasGaps(gaps);
  if (incomplete && !partial) return stop(gaps, aptAvailable);
  const notInstalled = ['Not here, so their tests are skipped (IMPRINT_TEST_PARTIAL=1):', ...describeGaps(gaps, { aptAvailable })];
  if (checkOnly) {
    say(incomplete ? notInstalled.join('\n') : 'Imprint tests: every prerequisite is here.');
    return 0;
  }

  const count = await countTests(root);
  const skips = skipsOf(count, { prerequisitesMissing: incomplete });
  say(summaryLine(count, skips));
  if (incomplete) say(notInstalled.join('\n'));
  for (const problem of count.problems) say(problem);
  const unexpected = skips.filter((s) => !s.expected);
  if (inCI && !incomplete && unexpected.length > 0) {
    console.error(`Imprint tests: CI runs every test, but ${unexpected.map((s) => s.why).join('; ')}.`);
    return 1;
  }
  if (countOnly) {
    say(`(counted in ${(count.ms / 1000).toFixed(1)} s)`);
    return count.problems.length === 0 ? 0 : 1;
  }

  for (const step of STEPS) {
    if (step.banner) say(`\n${step.banner}`);
    const [command, args] = step.command;
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`\nImprint tests: ${step.name} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}).`);
      return result.status || 1;
    }
  }
  say(`\nImprint tests: all passed in ${minutes(performance.now() - started)} (counting them took ${(count.ms / 1000).toFixed(1)} s).`);
  return 0;
}

process.exitCode = await main();
