// npm test's prerequisite step, run for real (scripts/test/run.mjs --check) on made-up machines: a
// PATH that is an empty folder, or that lacks two tools, a fake apt-get that records what it is
// asked and "installs" by adding the tools, and an unprivileged user (setpriv). Nothing is installed
// on this machine.

import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missing } from '../../main/test-support/prereq.js';
import table from './prerequisites.json';

const root = resolve(__dirname, '../..');
const RUN = join(root, 'scripts/test/run.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'imprint-run-test-'));
chmodSync(scratch, 0o755); // the unprivileged user's runs read the fake PATH too
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** run.mjs --check with exactly this environment (not the suite's: no CI=true unless given). */
function check(env: Record<string, string>, prefix: string[] = []): Run {
  const [command, ...args] = [...prefix, process.execPath, RUN, '--check'];
  const run = spawnSync(command ?? '', args, { cwd: root, encoding: 'utf8', env: { HOME: scratch, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const TOOLS = table.packages.flatMap((r) => r.tools ?? []);
/** The fake machines are this one minus some tools: it needs them all. */
const skip = missing({ tools: TOOLS });

/**
 * Where a real command lives (the fake PATH links to it): the system's folders first, where Debian
 * installs it and where the unprivileged user can reach it (root's PATH may start in /root).
 */
function realPath(tool: string): string {
  for (const dir of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')]) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // Not in this folder.
    }
  }
  throw new Error(`${tool} is not on PATH`);
}

let folders = 0;
function folder(name: string): string {
  const dir = join(scratch, `${name}-${++folders}`);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  return dir;
}

/** A PATH folder holding every tool of the table except `without`, plus `extra` scripts (name → source). */
function fakePath(without: string[], extra: Record<string, string> = {}): string {
  const dir = folder('bin');
  for (const tool of TOOLS) if (!without.includes(tool)) symlinkSync(realPath(tool), join(dir, tool));
  for (const [name, source] of Object.entries(extra)) {
    writeFileSync(join(dir, name), source);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/**
 * An apt-get that appends each call (arguments and DEBIAN_FRONTEND) to `log` and, for `install`,
 * links each tool of the named packages into its own folder, as the real one would put them on PATH.
 */
function fakeAptGet(log: string): string {
  const provides = Object.fromEntries(table.packages.map((r) => [r.package, (r.tools ?? []).map((t) => [t, realPath(t)])]));
  return `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, frontend: process.env.DEBIAN_FRONTEND ?? null }) + '\\n');
const provides = ${JSON.stringify(provides)};
if (args[0] === 'install') for (const name of args.filter((a) => !a.startsWith('-')).slice(1))
  for (const [tool, real] of provides[name] ?? []) fs.symlinkSync(real, path.join(__dirname, tool));
`;
}

const notRoot = missing({ root: true });

describe.skipIf(skip !== null)('npm test checks the system prerequisites first', () => {
  it('stops with the list of every package when nothing is on PATH, and where there is no apt-get says what to install', () => {
    const run = check({ PATH: folder('empty') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Imprint tests: not every test can run on this machine. Missing:');
    expect(run.stderr).toContain(`these ${table.packages.filter((r) => (r.tools ?? []).length > 0).length} Debian packages:`);
    expect(run.stderr).toMatch(/^ {6}xorriso +\(xorriso\) for hybrid ISO fixtures/m);
    expect(run.stderr).toContain("Without apt-get, install your distribution's packages that provide: losetup, mount, umount,");
    // Files are checked as files: Debian's isolinux is installed here, so it is not listed.
    expect(run.stderr).not.toMatch(/^ +isolinux /m);
    expect(run.stderr).toContain('IMPRINT_TEST_PARTIAL=1 npm test');
  });

  it('names exactly the packages whose tools are missing, with the apt-get command, when told not to install', () => {
    const path = fakePath(['xorriso', 'nbdfuse'], { 'apt-get': '#!/bin/sh\nexit 99\n' });
    const run = check({ PATH: path, IMPRINT_TEST_NO_INSTALL: '1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('these 2 Debian packages:');
    expect(run.stderr).toMatch(/^ {6}xorriso {5}\(xorriso\) for /m);
    expect(run.stderr).toMatch(/^ {6}libnbd-bin {2}\(nbdfuse\) for .*nbd-rig\.ts/m);
    expect(run.stderr).toContain('Install them: apt-get update && apt-get install -y --no-install-recommends xorriso libnbd-bin');
  });

  it('as root with apt-get, installs the missing packages non-interactively and goes on', () => {
    const log = join(scratch, 'apt-get.log');
    const path = fakePath(['xorriso', 'nbdfuse'], { 'apt-get': fakeAptGet(log) });
    const run = check({ PATH: path });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Imprint tests: installing 2 missing Debian packages the tests need: xorriso libnbd-bin');
    expect(run.stdout).toContain('Imprint tests: every prerequisite is here.');
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(calls).toEqual([
      { args: ['update', '-qq'], frontend: 'noninteractive' },
      { args: ['install', '-y', '-qq', '--no-install-recommends', 'xorriso', 'libnbd-bin'], frontend: 'noninteractive' },
    ]);
  });

  it.skipIf(notRoot !== null)('not as root, stops: the tests need root, and the packages are for sudo apt-get', () => {
    const path = fakePath(['xorriso'], { 'apt-get': '#!/bin/sh\nexit 99\n' });
    const run = check({ PATH: path }, [realPath('setpriv'), '--reuid=65534', '--regid=65534', '--clear-groups']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('  - root: the tests make loop devices and mount file systems. Run them as root: sudo npm test');
    expect(run.stderr).toContain('  - this Debian package:');
    expect(run.stderr).toContain('Install it: sudo apt-get update && sudo apt-get install -y --no-install-recommends xorriso');
    expect(run.stderr).toContain('(run as root, npm test installs it itself)');
  });

  it('IMPRINT_TEST_PARTIAL=1 goes on with what is missing listed; with CI=true it is refused, and CI stops on any gap', () => {
    const path = fakePath(['xorriso'], { 'apt-get': '#!/bin/sh\nexit 99\n' });
    const partial = check({ PATH: path, IMPRINT_TEST_NO_INSTALL: '1', IMPRINT_TEST_PARTIAL: '1' });
    expect(partial.status).toBe(0);
    expect(partial.stdout).toContain('Not here, so their tests are skipped (IMPRINT_TEST_PARTIAL=1):');
    expect(partial.stdout).toMatch(/^ {6}xorriso +\(xorriso\)/m);

    const refused = check({ PATH: path, IMPRINT_TEST_PARTIAL: '1', CI: 'true' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('IMPRINT_TEST_PARTIAL=1 is refused when CI=true: CI runs every test.');

    const ci = check({ PATH: path, IMPRINT_TEST_NO_INSTALL: '1', CI: 'true' });
    expect(ci.status).toBe(1);
    expect(ci.stderr).toContain('CI runs every test: give the CI machine what is listed');
    expect(ci.stderr).not.toContain('IMPRINT_TEST_PARTIAL');
  });
});
