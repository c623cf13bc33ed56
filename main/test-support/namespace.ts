// A private mount namespace for one command (unshare -m): mounts made there are never seen by the
// host. A new namespace starts with a copy of every host mount, including file systems that other
// tests running at the same time have mounted on their loop devices; the copy would keep those
// busy (their unmount succeeds, the exclusive open then fails). So the copies of mounts in the
// scratch folders, other than the caller's own, are detached first.

import { dirname } from 'node:path';

const SCRATCH = ['/tmp', '/mnt', '/media'];

/**
 * A command prefix: `setup` (shell commands joined with &&) runs in a new private mount namespace,
 * then the command itself. `ownDir` is the caller's temp folder: mounts under it are kept.
 */
export function privateNamespace(ownDir: string, setup: string[]): string[] {
  const roots = [...new Set([dirname(ownDir), ...SCRATCH])];
  const pattern = roots.map((r) => `index($5, "${r}/") == 1`).join(' || ');
  const detach =
    `awk '(${pattern}) && index($5, "${ownDir}") != 1 { print $5 }' /proc/self/mountinfo | sort -r | ` +
    'while read -r m; do umount -l "$m" 2>/dev/null || true; done';
  const script = [detach, ...setup].join(' && ');
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `${script} && exec "$@"`, 'sh'];
}
