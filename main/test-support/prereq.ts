// Prerequisites of real tests (root, loop devices, Debian tools). Outside CI a missing one skips
// the test with the reason printed; in CI (CI=true) it fails, because a skip there hides a gap.

import { execFileSync } from 'node:child_process';

export const inCI = process.env.CI === 'true';

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Returns null when every prerequisite is met, otherwise the reason to skip.
 * Throws in CI instead of returning a reason.
 */
export function missing(opts: { root?: boolean; tools?: string[] }): string | null {
  const reasons: string[] = [];
  if (opts.root && !isRoot()) reasons.push('needs root (loop devices, unmounting)');
  for (const tool of opts.tools ?? []) if (!hasTool(tool)) reasons.push(`needs the tool "${tool}"`);
  if (reasons.length === 0) return null;
  const reason = reasons.join('; ');
  if (inCI) throw new Error(`Missing test prerequisite in CI: ${reason}. .ci/run must install it.`);
  console.warn(`skipping: ${reason}`);
  return reason;
}
