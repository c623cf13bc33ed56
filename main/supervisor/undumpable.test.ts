// Linux: while a writer session is alive, another process of the same user cannot reach main's ends
// of the writer's pipes. For real: an unprivileged main (uid 65534, fixtures/unprivileged-main.ts,
// bundled here) starts a writer session through the real supervisor; an attacker with the same uid
// tries /proc/<main>/fd and pidfd_getfd (which works on the socket pairs Node uses for stdio) and,
// if it gets an fd, writes a job line into the writer's stdin. The control case turns main
// dumpable again after the start: then the attacker gets through and the writer answers its line.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const ROOT = join(__dirname, '..', '..');
const WRITER = join(ROOT, 'dist', 'writer.js');
const skip = missing({ root: true, tools: ['setpriv', 'python3'] });
// root's PATH may lead to a python the unprivileged user cannot run.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

const ATTACKER = String.raw`
import ctypes, errno, json, os, sys
libc = ctypes.CDLL(None, use_errno=True)
SYS_pidfd_open, SYS_pidfd_getfd = 434, 438

def name(e):
    return errno.errorcode.get(e, str(e))

def steal(pid, fd, line):
    pidfd = libc.syscall(SYS_pidfd_open, pid, 0)
    if pidfd < 0:
        return name(ctypes.get_errno())
    try:
        got = libc.syscall(SYS_pidfd_getfd, pidfd, fd, 0)
        if got < 0:
            return name(ctypes.get_errno())
        if line:
            os.write(got, line)
        os.close(got)
        return 'stolen'
    finally:
        os.close(pidfd)

def opened(pid, fd):
    try:
        os.close(os.open('/proc/%d/fd/%d' % (pid, fd), os.O_WRONLY))
        return 'opened'
    except OSError as e:
        return name(e.errno)

def listed(pid):
    try:
        os.listdir('/proc/%d/fd' % pid)
        return 'listed'
    except OSError as e:
        return name(e.errno)

pid, writer, fds = int(sys.argv[1]), int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
job = b'{"type":"flash"}\n'
print(json.dumps({
    'list': listed(pid),
    'open': sorted(set(opened(pid, fd) for fd in fds)),
    'steal': sorted(set(steal(pid, fd, job) for fd in fds)),
    'writerList': listed(writer),
    'writerSteal': steal(writer, 0, None),
}))
`;

interface Attack {
  started: { pid: number; writerPid: number; fds: string[]; dumpable: boolean };
  attack: { list: string; open: string[]; steal: string[]; writerList: string; writerSteal: string };
  after: { errors: string[]; dumpableAfter: boolean };
}

describe.skipIf(skip !== null)('main is undumpable while a writer runs (Linux)', () => {
  const tmp = tempDir();
  const fixture = join(tmp.dir, 'bin', 'unprivileged-main.js');
  const attacker = join(tmp.dir, 'attacker.py');
  beforeAll(async () => {
    chmodSync(tmp.dir, 0o755);
    await build({ entryPoints: [join(__dirname, 'fixtures', 'unprivileged-main.ts')], outfile: fixture, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    // native/index.ts finds the addon at <bundle dir>/../native/build/Release, as from dist/.
    symlinkSync(join(ROOT, 'native'), join(tmp.dir, 'native'));
    writeFileSync(attacker, ATTACKER);
  });
  afterAll(() => tmp.remove());

  async function attack(undoFix: boolean): Promise<Attack> {
    const main = spawn('setpriv', [...AS_NOBODY, process.execPath, fixture, WRITER], {
      env: { ...process.env, IMPRINT_TEST_UNDO_FIX: undoFix ? '1' : '0', TMPDIR: '/tmp' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: main.stdout })[Symbol.asyncIterator]();
      const next = async (): Promise<unknown> => JSON.parse(String((await lines.next()).value)) as unknown;
      const started = (await next()) as Attack['started'];
      const run = spawnSync('setpriv', [...AS_NOBODY, PYTHON, attacker, String(started.pid), String(started.writerPid), ...started.fds], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as Attack['attack'];
      main.stdin.write('probe\n');
      return { started, attack: result, after: (await next()) as Attack['after'] };
    } finally {
      main.kill('SIGKILL');
    }
  }

  it("refuses another process of the user main's fds, and restores dumpable after the session", async () => {
    const { started, attack: a, after } = await attack(false);
    expect(started.fds).toHaveLength(3); // the writer's stdin, stdout, stderr
    expect(started.dumpable).toBe(false);
    expect(a).toEqual({ list: 'EACCES', open: ['EACCES'], steal: ['EPERM'], writerList: 'EACCES', writerSteal: 'EPERM' });
    // The only error the writer sent answers main's own probe.
    expect(after.errors).toHaveLength(1);
    expect(after.errors[0]).toContain('message.type');
    expect(after.dumpableAfter).toBe(true);
  });

  it('control: with main dumpable, the same attacker takes the fd and drives the writer', async () => {
    const { started, attack: a, after } = await attack(true);
    expect(started.dumpable).toBe(true);
    expect(a.list).toBe('listed');
    expect(a.open).toEqual(['ENXIO']); // sockets cannot be opened through /proc, but they can be taken
    expect(a.steal).toEqual(['stolen']);
    // The writer itself stays undumpable on its own.
    expect(a.writerSteal).toBe('EPERM');
    // The writer answered the attacker's job line, which main never sent.
    expect(after.errors).toHaveLength(2);
    expect(after.errors[0]).toContain('flash');
    expect(after.errors[1]).toContain('message.type');
  });
});
