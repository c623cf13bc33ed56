// The one-time secret of socket mode, read by the writer (root) from a file in main's private
// folder: a path the user controls. So the open is done with the user's rights (seteuid), does not
// follow a symlink in the last component (O_NOFOLLOW), cannot hang on a FIFO (O_NONBLOCK), and the
// opened file must be a small regular file owned by the user and readable by nobody else (fstat on
// the descriptor, not the path). The writer never deletes it: main removes its own file once the
// writer is connected.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const MIN_SECRET = 32;
const MAX_SECRET_FILE = 1024;

/** Runs `fn` with the effective uid of `uid` when we are root, so a path is opened as the user could. */
function asUser<T>(uid: number, fn: () => T): T {
  if (typeof process.geteuid !== 'function' || typeof process.seteuid !== 'function' || process.geteuid() !== 0 || uid === 0) return fn();
  process.seteuid(uid);
  try {
    return fn();
  } finally {
    // Throws if root cannot be regained; the writer then exits before doing anything.
    process.seteuid(0);
  }
}

/** `clientUid` is main's uid on Unix (the secret file's required owner); null on Windows. */
export function readSecretFile(file: string, clientUid: number | null): string {
  const fd =
    clientUid === null
      ? openSync(file, constants.O_RDONLY)
      : asUser(clientUid, () => openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`the secret file ${file} is not a regular file`);
    if (st.size < MIN_SECRET || st.size > MAX_SECRET_FILE) throw new Error(`the secret file ${file} has the wrong size`);
    if (clientUid !== null && st.uid !== clientUid) throw new Error(`the secret file ${file} is not owned by uid ${clientUid}`);
    if (clientUid !== null && (st.mode & 0o077) !== 0) throw new Error(`the secret file ${file} can be read by other users`);
    const buffer = Buffer.alloc(st.size);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    const secret = buffer.subarray(0, length).toString('utf8').trim();
    if (secret.length < MIN_SECRET) throw new Error(`the secret file ${file} is too short`);
    return secret;
  } finally {
    closeSync(fd);
  }
}
