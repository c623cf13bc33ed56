// The test suite's system prerequisites (scripts/test/prerequisites.json): which are missing on
// this machine, the words that say so, and installing them with apt-get when we may.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const TABLE_FILE = 'scripts/test/prerequisites.json';

export function loadTable(root) {
  return JSON.parse(readFileSync(join(root, TABLE_FILE), 'utf8'));
}

/** The executable `name` resolves to on `pathVar` (like `command -v`), or null. */
export function onPath(name, pathVar = process.env.PATH ?? '') {
  for (const dir of pathVar.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

/**
 * What this machine lacks. `probe` is the machine: PATH, file existence, whether Playwright's own
 * browser is there, root, platform (tests pass a made-up one).
 */
export function findGaps(table, probe) {
  const packages = [];
  for (const row of table.packages) {
    const absent = [...(row.tools ?? []).filter((t) => onPath(t, probe.pathVar) === null), ...(row.files ?? []).filter((f) => !probe.exists(f))];
    if (absent.length === 0) continue;
    // Playwright's downloaded Chromium serves the e2e tests as well as Debian's.
    if (row.orPlaywrightBrowser && (row.tools ?? []).length === 0 && probe.playwrightBrowser()) continue;
    packages.push({ package: row.package, absent, for: row.for });
  }
  const kernel = probe.platform === 'linux' ? table.kernel.filter((k) => !probe.exists(k.file)) : [];
  return { packages, kernel, notRoot: !probe.isRoot, notLinux: probe.platform !== 'linux' };
}

export function hasGaps(gaps) {
  return gaps.packages.length > 0 || gaps.kernel.length > 0 || gaps.notRoot || gaps.notLinux;
}

/** The machine this process runs on. */
export function realProbe(root) {
  return {
    pathVar: process.env.PATH ?? '',
    exists: (file) => existsSync(file),
    playwrightBrowser: () => playwrightChromium(root) !== null,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    platform: process.platform,
  };
}

/** Where Playwright's own Chromium would be; null when it is not downloaded. */
function playwrightChromium(root) {
  // The registry knows the path without starting a browser; asking it costs one child process, and
  // only on machines without Debian's chromium.
  const run = spawnSync(process.execPath, ['-e', "process.stdout.write(require('@playwright/test').chromium.executablePath())"], { cwd: root, encoding: 'utf8' });
  const path = run.status === 0 ? run.stdout.trim() : '';
  return path !== '' && existsSync(path) ? path : null;
}

export function aptCommand(packageNames, sudo) {
  const s = sudo ? 'sudo ' : '';
  return `${s}apt-get update && ${s}apt-get install -y --no-install-recommends ${packageNames.join(' ')}`;
}

/** The list a person reads when the suite cannot run here: what is missing, for which tests, how to get it. */
export function describeGaps(gaps, { aptAvailable }) {
  const lines = [];
  if (gaps.notLinux) lines.push('  - Linux: the tests write to loop devices, which only Linux has.');
  if (gaps.notRoot) lines.push('  - root: the tests make loop devices and mount file systems. Run them as root: sudo npm test');
  if (gaps.packages.length > 0) {
    lines.push(`  - ${gaps.packages.length === 1 ? 'this Debian package' : `these ${gaps.packages.length} Debian packages`}:`);
    const width = Math.max(...gaps.packages.map((p) => p.package.length));
    for (const p of gaps.packages) lines.push(`      ${p.package.padEnd(width)}  (${p.absent.join(', ')}) for ${p.for}`);
    const names = gaps.packages.map((p) => p.package);
    const them = names.length === 1 ? 'it' : 'them';
    if (aptAvailable) {
      lines.push(`    Install ${them}: ${aptCommand(names, gaps.notRoot)}`);
      if (gaps.notRoot) lines.push(`    (run as root, npm test installs ${them} itself)`);
    } else {
      lines.push(`    Without apt-get, install your distribution's packages that provide: ${gaps.packages.flatMap((p) => p.absent).join(', ')}`);
    }
  }
  for (const k of gaps.kernel) lines.push(`  - the kernel module ${k.module} (${k.file} is missing) for ${k.for}: modprobe ${k.module}`);
  return lines;
}

function runVisible(command, args, env) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) return `${command} could not start: ${result.error.message}`;
  return result.status === 0 ? null : `${command} ${args[0] ?? ''} failed (exit ${result.status ?? result.signal})`;
}

/** Installs the missing packages (apt-get, non-interactive) and loads missing kernel modules. Null on success. */
export function install(gaps) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (gaps.packages.length > 0) {
    const names = gaps.packages.map((p) => p.package);
    console.log(`Imprint tests: installing ${names.length} missing Debian package${names.length === 1 ? '' : 's'} the tests need: ${names.join(' ')}`);
    const failed =
      runVisible('apt-get', ['update', '-qq'], env) ??
      runVisible('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], env);
    if (failed !== null) return failed;
  }
  for (const k of gaps.kernel) {
    console.log(`Imprint tests: loading the kernel module ${k.module} (${k.for})`);
    const failed = runVisible('modprobe', [k.module], process.env);
    if (failed !== null) return failed;
  }
  return null;
}
