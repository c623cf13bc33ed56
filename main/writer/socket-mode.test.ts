// Socket mode of the real writer process (dist/writer.js) run as root, as macOS's administrator
// prompt runs it: root must never follow a path the user controls. The socket folder is the
// writer's own; the secret file is opened as the user, without following symlinks, and must be a
// small private regular file of that user. Another user is played by uid 65534 via setpriv.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { assertRootOnlyPath } from './socket-folder.js';

const WRITER = join(__dirname, '..', '..', 'dist', 'writer.js');
const NOBODY = 65534;
const skip = missing({ root: true, tools: ['setpriv'] });

/** Runs a command as uid/gid `uid` with no supplementary groups. */
function asUser(uid: number, command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', command, ...args], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const folders: string[] = [];
function newSocketPath(parent = '/tmp'): string {
  const folder = join(parent, `imprint-${randomBytes(16).toString('hex')}`);
  folders.push(folder);
  return join(folder, 'writer.sock');
}

interface Run {
  child: ChildProcess;
  exit: Promise<{ code: number | null; stderr: string }>;
}

function runWriter(socketPath: string, secretFile: string, clientUid: number): Run {
  const child = spawn(process.execPath, [WRITER, '--parent-pid', String(process.pid), '--socket', socketPath, '--secret-file', secretFile, '--client-uid', String(clientUid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, exit: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

const ownedBy = (path: string, uid: number): boolean => existsSync(path) && lstatSync(path).uid === uid;

describe.skipIf(skip !== null)('writer socket mode: root follows no path the user controls', () => {
  const tmp = tempDir();
  chmodSync(tmp.dir, 0o755);
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const c of running) c.kill('SIGKILL');
    // A killed writer leaves its (root's) folder behind.
    for (const f of folders) rmSync(f, { recursive: true, force: true });
    tmp.remove();
  });

  /** main's private folder and secret file, owned by `uid`. */
  const privateSecret = (name: string, uid: number, content = randomBytes(32).toString('hex')): string => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'secret');
    writeFileSync(file, content, { mode: 0o600 });
    chownSync(dir, uid, uid);
    chownSync(file, uid, uid);
    return file;
  };

  it("makes its own folder (root's, 0711) and a 0600 socket handed to main's uid; nobody else can change either", async () => {
    const secretFile = privateSecret('own', NOBODY);
    const socketPath = newSocketPath();
    const run = runWriter(socketPath, secretFile, NOBODY);
    running.push(run.child);
    expect(await until(() => ownedBy(socketPath, NOBODY))).toBe(true);
    const folder = lstatSync(dirname(socketPath));
    const socket = lstatSync(socketPath);
    expect({ uid: folder.uid, mode: folder.mode & 0o7777, dir: folder.isDirectory() }).toEqual({ uid: 0, mode: 0o711, dir: true });
    expect({ uid: socket.uid, mode: socket.mode & 0o777, socket: socket.isSocket() }).toEqual({ uid: NOBODY, mode: 0o600, socket: true });

    // The old attack: swap a symlink in for the socket path. Even main's own user cannot touch the folder.
    expect(asUser(NOBODY, 'ln', ['-s', '/etc/passwd', join(dirname(socketPath), 'x')]).output).toContain('Permission denied');
    expect(asUser(NOBODY, 'mv', [socketPath, `${socketPath}.old`]).output).toContain('Permission denied');
    expect(asUser(NOBODY, 'rm', ['-f', socketPath]).output).toContain('Permission denied');
    expect(lstatSync(socketPath).isSocket()).toBe(true);

    // Only main's uid may connect; another user is refused by the socket's mode.
    const tryConnect = `require('net').connect(${JSON.stringify(socketPath)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
    expect(asUser(NOBODY - 1, process.execPath, ['-e', tryConnect]).output.trim()).toBe('EACCES');
    expect(asUser(NOBODY, process.execPath, ['-e', tryConnect]).output.trim()).toBe('connected');
    // Root never deletes in the user's folder.
    expect(readFileSync(secretFile, 'utf8')).toHaveLength(64);
    run.child.kill('SIGKILL');
  });

  it('does not follow a symlink planted at the name of its folder', async () => {
    const secretFile = privateSecret('plant', 0);
    const victimDir = join(tmp.dir, 'victim-dir');
    const victimFile = join(tmp.dir, 'victim-file');
    mkdirSync(victimDir, { mode: 0o700 });
    writeFileSync(victimFile, 'precious', { mode: 0o600 });
    for (const target of [victimDir, victimFile]) {
      const socketPath = newSocketPath();
      symlinkSync(target, dirname(socketPath));
      try {
        const { code, stderr } = await runWriter(socketPath, secretFile, 0).exit;
        expect(code).toBe(1);
        expect(stderr).toContain('already exists');
        expect(lstatSync(dirname(socketPath)).isSymbolicLink()).toBe(true);
      } finally {
        rmSync(dirname(socketPath));
      }
    }
    expect(readdirSync(victimDir)).toEqual([]);
    expect(statSync(victimFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(victimFile, 'utf8')).toBe('precious');
  });

  it('accepts a parent folder only if every component is a real folder of root that others cannot change', async () => {
    expect(() => assertRootOnlyPath('/tmp')).not.toThrow(); // sticky: others cannot rename our entry
    expect(() => assertRootOnlyPath(tmp.dir)).not.toThrow();
    const users = join(tmp.dir, 'users');
    mkdirSync(users);
    chownSync(users, NOBODY, NOBODY);
    const inside = join(users, 'root-owned');
    mkdirSync(inside);
    const shared = join(tmp.dir, 'group-writable');
    mkdirSync(shared);
    chmodSync(shared, 0o775);
    const link = join(tmp.dir, 'link');
    symlinkSync('/tmp', link);
    expect(() => assertRootOnlyPath(users)).toThrow('not owned by root');
    expect(() => assertRootOnlyPath(inside)).toThrow(`${users} is not owned by root`);
    expect(() => assertRootOnlyPath(shared)).toThrow('can be changed by other users');
    expect(() => assertRootOnlyPath(link)).toThrow('not a folder');
    expect(() => assertRootOnlyPath(`${tmp.dir}/../tmp`)).toThrow('not a plain absolute path');

    // Through the writer: nothing is created under a parent the user owns.
    const socketPath = newSocketPath(users);
    const { code, stderr } = await runWriter(socketPath, privateSecret('parent', 0), 0).exit;
    expect(code).toBe(1);
    expect(stderr).toContain('not owned by root');
    expect(readdirSync(users)).toEqual(['root-owned']);
  });

  describe('the secret file', () => {
    /** Runs the writer on `secretFile`; resolves with its exit once it has refused. */
    const refusal = async (secretFile: string, clientUid = 0): Promise<string> => {
      const socketPath = newSocketPath();
      const { code, stderr } = await runWriter(socketPath, secretFile, clientUid).exit;
      expect(code).toBe(1);
      expect(existsSync(dirname(socketPath))).toBe(false); // refused before any socket exists
      return stderr;
    };

    it('is not followed through a symlink', async () => {
      const rootOnly = join(tmp.dir, 'root-only');
      writeFileSync(rootOnly, randomBytes(32).toString('hex'), { mode: 0o600 });
      const dir = join(tmp.dir, 'sym');
      mkdirSync(dir, { mode: 0o700 });
      symlinkSync(rootOnly, join(dir, 'secret'));
      expect(await refusal(join(dir, 'secret'))).toMatch(/ELOOP|symbolic link/);
      expect(existsSync(rootOnly)).toBe(true);
    });

    it("must be main's user's, readable by nobody else, a small regular file", async () => {
      expect(await refusal(privateSecret('other', NOBODY))).toContain('is not owned by uid 0');
      const shared = privateSecret('shared', 0);
      chmodSync(shared, 0o640);
      expect(await refusal(shared)).toContain('can be read by other users');
      expect(await refusal(privateSecret('big', 0, 'f'.repeat(4096)))).toContain('wrong size');
      const fifo = join(tmp.dir, 'fifo');
      execFileSync('mkfifo', ['-m', '600', fifo]);
      // O_NONBLOCK: a FIFO with no writer does not hang the writer.
      expect(await refusal(fifo)).toContain('not a regular file');
    });

    it('is opened with the user\'s rights: a file the user could not open is refused', async () => {
      // The user's file, in a folder only root can enter: root could read it, the user could not.
      const closed = join(tmp.dir, 'closed');
      mkdirSync(closed, { mode: 0o700 });
      const secretFile = join(closed, 'secret');
      writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
      chownSync(secretFile, NOBODY, NOBODY);
      expect(await refusal(secretFile, NOBODY)).toContain('EACCES');
      // Control: once the user may enter the folder, the same file is accepted.
      chmodSync(closed, 0o711);
      const socketPath = newSocketPath();
      const run = runWriter(socketPath, secretFile, NOBODY);
      running.push(run.child);
      expect(await until(() => ownedBy(socketPath, NOBODY))).toBe(true);
      run.child.kill('SIGKILL');
    });
  });
});
