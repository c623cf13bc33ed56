// The user who asked. Imprint runs as root to write drives (sudo, pkexec), but the image is the
// user's choice: it is opened with that user's rights, so that root never reads for them what they
// could not read themselves (/root/secret.img, /etc/shadow named as an image, a .cue pointing there).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ImprintError } from '../../../app/errors.js';

export interface RealUser {
  uid: number;
  gid: number;
  /** For messages: the login name, or "uid N" when the user database has none. */
  name: string;
}

interface PasswdEntry {
  name: string;
  gid: number;
}

function parsePasswdLine(line: string, uid: number): PasswdEntry | null {
  const [name, , id, gid] = line.trim().split(':');
  if (name === undefined || id === undefined || gid === undefined || Number(id) !== uid || !/^\d+$/.test(gid)) return null;
  return { name, gid: Number(gid) };
}

/** The user database's entry for `uid`: getent (NSS: LDAP, systemd-homed…), else /etc/passwd. */
function passwdEntry(uid: number): PasswdEntry | null {
  try {
    const line = execFileSync('getent', ['passwd', String(uid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const entry = parsePasswdLine(line, uid);
    if (entry) return entry;
  } catch {
    // No getent (macOS) or no such user: try the file.
  }
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const entry = parsePasswdLine(line, uid);
      if (entry) return entry;
    }
  } catch {
    // No /etc/passwd: try id(1) below.
  }
  // macOS keeps its users in Directory Services (no getent, not in /etc/passwd); BSD and GNU id(1)
  // both take a numeric user id.
  try {
    const run = (flag: string): string => execFileSync('id', [flag, String(uid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    const gid = run('-g');
    if (/^\d+$/.test(gid)) return { name: run('-un'), gid: Number(gid) };
  } catch {
    // No such user: the caller decides.
  }
  return null;
}

function idFrom(env: NodeJS.ProcessEnv, name: string): number | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value)) throw new ImprintError('E_INTERNAL', { detail: `${name} is "${value}", not a user id` });
  return Number(value);
}

/**
 * The user this root process works for: PKEXEC_UID (set by pkexec), else SUDO_UID/SUDO_GID.
 * Null when not running as root, or when root itself asked (nothing to narrow).
 */
export function realUserFromEnv(env: NodeJS.ProcessEnv = process.env): RealUser | null {
  if (typeof process.geteuid !== 'function' || process.geteuid() !== 0) return null;
  const pkexec = idFrom(env, 'PKEXEC_UID');
  const uid = pkexec ?? idFrom(env, 'SUDO_UID');
  if (uid === null || uid === 0) return null;
  const entry = passwdEntry(uid);
  const sudoGid = pkexec === null ? idFrom(env, 'SUDO_GID') : null;
  const gid = sudoGid ?? entry?.gid ?? null;
  // Without a group the switch cannot be made faithfully: refuse rather than read as root.
  if (gid === null) throw new ImprintError('E_IMAGE_FORBIDDEN', { detail: `uid ${uid}, who has no entry in the user database` });
  const name = (pkexec === null ? env.SUDO_USER : undefined) ?? entry?.name ?? `uid ${uid}`;
  return { uid, gid, name };
}

/** How the user is named in messages. */
export function describeUser(user: RealUser): string {
  return user.name.startsWith('uid ') ? user.name : `${user.name} (uid ${user.uid})`;
}

/**
 * Runs `work` with the effective ids of `user` (groups, gid, uid), restoring root's in any case.
 * `work` must be synchronous: effective ids belong to the whole process (glibc applies seteuid to
 * every thread, libuv's pool included), so no other JavaScript may run and as little as possible
 * may happen while they are switched — a few syscalls (stat, open, fstat, readdir), no awaits.
 */
export function asRealUser<T>(user: RealUser | null, work: () => T): T {
  if (user === null) return work();
  // process.initgroups exists on POSIX but is missing from @types/node.
  const ids = process as NodeJS.Process & { initgroups?: (user: number | string, extraGroup: number | string) => void };
  if (!ids.setegid || !ids.seteuid || !ids.setgroups || !ids.getegid || !ids.getgroups || !ids.initgroups) {
    throw new ImprintError('E_INTERNAL', { detail: 'this platform cannot switch user ids' });
  }
  const seteuid = ids.seteuid.bind(process);
  const setegid = ids.setegid.bind(process);
  const setgroups = ids.setgroups.bind(process);
  const groups = ids.getgroups();
  const egid = ids.getegid();
  const restore = (): void => {
    seteuid(0);
    setegid(egid);
    setgroups(groups);
  };
  try {
    // Groups and gid first, while still root (both need the privilege the uid switch drops).
    try {
      ids.initgroups(user.uid, user.gid);
    } catch {
      setgroups([user.gid]); // a uid without a database entry: just its primary group
    }
    setegid(user.gid);
    seteuid(user.uid);
  } catch (error) {
    // Cannot become the user (no CAP_SETUID in a container, …): refuse rather than read as root.
    restore();
    throw new ImprintError('E_INTERNAL', { detail: `cannot take the rights of ${describeUser(user)}: ${error instanceof Error ? error.message : String(error)}` });
  }
  try {
    return work();
  } finally {
    restore();
  }
}
