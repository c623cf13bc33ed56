// Socket mode, Unix (macOS elevation): the writer runs as root, so it must never follow a path the
// user controls — a user process could swap a symlink in and have root chmod, chown or unlink any
// file. So the writer makes its own folder: main only chooses the name, <parent>/imprint-<32 hex>,
// and every component of <parent> must be a real folder owned by root in which nobody else can
// rename entries. mkdir fails if anything (a symlink too) already has that name. Inside, the
// socket gets its mode from the umask at bind (0600, never a chmod afterwards) and is then handed
// to main's uid with lchown, on a path only root can change. Closing the server unlinks the socket
// and the folder is removed: both are root's own. Nothing in the user's folders is touched.

import { lchownSync, lstatSync, mkdirSync, rmdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import path from 'node:path';

const FOLDER_NAME = /^imprint-[0-9a-f]{32}$/;
const SOCKET_NAME = 'writer.sock';

function withUmask<T>(mask: number, fn: () => T): T {
  const previous = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}

/**
 * Throws unless every component of `dir`, from /, is a real folder (not a symlink) owned by root,
 * and not writable by group or others unless sticky (then others cannot rename our entry away).
 */
export function assertRootOnlyPath(dir: string): void {
  if (!path.isAbsolute(dir) || path.normalize(dir) !== dir || dir.includes('/..')) throw new Error(`${dir} is not a plain absolute path`);
  let current = '/';
  for (const part of ['', ...dir.split('/').filter(Boolean)]) {
    current = path.join(current, part);
    const st = lstatSync(current);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new Error(`${current} is not a folder (a symlink is not followed)`);
    if (st.uid !== 0) throw new Error(`${current} is not owned by root`);
    if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) throw new Error(`${current} can be changed by other users`);
  }
}

/** Creates the writer's own folder for `socketPath` (root-owned, 0711) and returns it. */
export function makeSocketFolder(socketPath: string): string {
  const dir = path.dirname(socketPath);
  if (path.basename(socketPath) !== SOCKET_NAME || !FOLDER_NAME.test(path.basename(dir))) {
    throw new Error(`the socket must be <folder>/imprint-<32 hex digits>/${SOCKET_NAME}, not ${socketPath}`);
  }
  assertRootOnlyPath(path.dirname(dir));
  try {
    // 0711: main can reach the socket by name but not list or change the folder.
    withUmask(0o022, () => mkdirSync(dir, { mode: 0o711 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${dir} already exists: someone else made it, so it is not used`, { cause: error });
    throw error;
  }
  return dir;
}

/**
 * Listens on `socketPath` (in a folder from makeSocketFolder) so that only `clientUid` (and root)
 * can connect. Node binds synchronously inside listen(), so the umask covers exactly the bind.
 */
export function listenPrivately(server: Server, socketPath: string, clientUid: number): void {
  withUmask(0o177, () => server.listen(socketPath));
  // A failed bind is reported through 'error'; only a socket we bound is handed over.
  if (server.listening) lchownSync(socketPath, clientUid, -1);
}

/**
 * Stops accepting and removes the socket and the writer's folder (both root's own, in a folder no
 * one else can change). Not in close()'s callback: that waits for the accepted client to leave.
 */
export function closeSocketFolder(server: Server, dir: string): void {
  if (server.listening) server.close();
  for (const remove of [() => rmSync(path.join(dir, SOCKET_NAME), { force: true }), () => rmdirSync(dir)]) {
    try {
      remove();
    } catch {
      // Already gone: nothing left to clean.
    }
  }
}
