// Prerequisites of real tests (root, loop devices, Debian tools). Every tool a test names must be in
// the one prerequisite table, scripts/test/prerequisites.json, which npm test checks (and installs
// from) before anything runs. A test run outside npm test, outside CI, skips a test whose tool is
// missing, with the reason printed; in CI (CI=true) it fails, because a skip there hides a gap.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import table from '../../scripts/test/prerequisites.json';

export const inCI = process.env.CI === 'true';

/** Tool or file → the Debian package that provides it, from the table. */
const PACKAGE_OF = new Map<string, string>(
  table.packages.flatMap((row) => [...(row.tools ?? []), ...(row.files ?? [])].map((name): [string, string] => [name, row.package])),
);

/** The Debian package that provides `tool` (a command or an installed file), or throws if the table lacks it. */
export function packageOf(tool: string): string {
  const name = PACKAGE_OF.get(tool);
  if (name === undefined) throw new Error(`"${tool}" is not in scripts/test/prerequisites.json: add it to the row of the Debian package that provides it, so npm test installs it.`);
  return name;
}

/** Whether `name` is a command on PATH (what `command -v` finds); it must be in the table. */
export function hasTool(name: string): boolean {
  packageOf(name);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      if (statSync(join(dir, name)).isFile()) return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Returns null when every prerequisite is met, otherwise the reason to skip.
 * Throws in CI instead of returning a reason.
 */
export function missing(opts: { root?: boolean; tools?: readonly string[]; files?: readonly string[] }): string | null {
  const reasons: string[] = [];
  if (opts.root && !isRoot()) reasons.push('needs root (loop devices, unmounting)');
  for (const tool of opts.tools ?? []) if (!hasTool(tool)) reasons.push(`needs the tool "${tool}" (Debian package ${packageOf(tool)})`);
  for (const file of opts.files ?? []) {
    const from = packageOf(file);
    if (!existsSync(file)) reasons.push(`needs ${file} (Debian package ${from})`);
  }
  if (reasons.length === 0) return null;
  const reason = reasons.join('; ');
  if (inCI) throw new Error(`Missing test prerequisite in CI: ${reason}. npm test installs it (scripts/test/prerequisites.json).`);
  console.warn(`skipping: ${reason}`);
  return reason;
}
