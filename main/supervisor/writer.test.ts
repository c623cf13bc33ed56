// The writer protocol for real: the supervisor starts the real writer process (dist/writer.js)
// and drives it against real loop devices — including cancel, a wrong secret, a killed parent and
// a writer that dies mid-job.

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNKNOWN_IDENTITY as UNKNOWN } from '../../app/drive.js';
import type { Progress } from '../../app/progress.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { lineChannel } from '../engine/line-channel.js';
import { runJob } from './run-job.js';
import { startWriter } from './writer-session.js';

const WRITER = join(__dirname, '..', '..', 'dist', 'writer.js');
const writer = { command: process.execPath, args: [WRITER] };
const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup', 'blockdev'] });

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe.skipIf(skip !== null)('supervisor + writer process', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  const loop = (name: string, size: number, directIo = false): LoopDevice => {
    const l = blankLoop(tmp.dir, name, size, { directIo });
    loops.push(l);
    return l;
  };
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('flashes through the writer over stdio and relays progress and the result', async () => {
    const image = makeFile(join(tmp.dir, 'w.img'), 8 * MiB);
    const target = loop('w.bin', 16 * MiB);
    const session = await startWriter({ writer, isElevated: true });
    const phases = new Set<string>();
    const job = runJob(
      session,
      { type: 'flash', image, devices: [target.device], expected: [{ size: 16 * MiB, identity: UNKNOWN }], verify: true, eject: false },
      (p: Progress) => phases.add(p.phase),
    );
    const result = await job.result;
    expect(result.ok).toBe(true);
    expect(result.targets[0]).toMatchObject({ device: target.device, verified: true });
    expect([...phases]).toEqual(['preparing', 'writing', 'verifying', 'finishing']);
    expect(readDevice(target.device, 8 * MiB).equals(readFileSync(image))).toBe(true);
  });

  it('the writer judges the drive again: a size that changed since it was chosen is refused', async () => {
    const image = makeFile(join(tmp.dir, 'sz.img'), MiB);
    const target = loop('sz.bin', 16 * MiB);
    const session = await startWriter({ writer, isElevated: true });
    const job = runJob(
      session,
      { type: 'flash', image, devices: [target.device], expected: [{ size: 32 * MiB, identity: UNKNOWN }], verify: true, eject: false },
      () => undefined,
    );
    await expect(job.result).rejects.toMatchObject({ code: 'E_SIZE_CHANGED' });
  });

  it('cancels a running job on request and leaves the drive released', async () => {
    const image = makeFile(join(tmp.dir, 'c.img'), 2048 * MiB, 'zero');
    const target = loop('c.bin', 2048 * MiB, true);
    const session = await startWriter({ writer, isElevated: true });
    let cancelled = false;
    const job = runJob(
      session,
      { type: 'flash', image, devices: [target.device], expected: [{ size: 2048 * MiB, identity: UNKNOWN }], verify: true, eject: false },
      (p) => {
        if (p.phase === 'writing' && p.bytes > 32 * MiB && !cancelled) {
          cancelled = true;
          job.cancel();
        }
      },
    );
    const result = await job.result;
    expect(cancelled).toBe(true);
    expect(result).toMatchObject({ ok: false, cancelled: true });
    closeSync(openSync(target.device, constants.O_RDONLY | constants.O_EXCL));
  });

  it('reports a writer that dies mid-job as such, naming the drive', async () => {
    const image = makeFile(join(tmp.dir, 'd.img'), 2048 * MiB, 'zero');
    const target = loop('d.bin', 2048 * MiB, true);
    const session = await startWriter({ writer, isElevated: true });
    const pid = session.pid ?? 0;
    let killed = false;
    const job = runJob(
      session,
      { type: 'flash', image, devices: [target.device], expected: [{ size: 2048 * MiB, identity: UNKNOWN }], verify: true, eject: false },
      (p) => {
        if (p.phase === 'writing' && !killed) {
          killed = true;
          process.kill(pid, 'SIGKILL');
        }
      },
    );
    const error: unknown = await job.result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_WRITER_DIED' });
    expect((error as Error).message).toContain(target.device);
  });

  it('exits, cancelling its job and releasing the drive, when its parent is killed', async () => {
    const image = makeFile(join(tmp.dir, 'p.img'), 2048 * MiB, 'zero');
    const target = loop('p.bin', 2048 * MiB, true);
    // A stand-in for main: starts the writer with pipes, hands it a job, prints the writer's pid.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const w = spawn(process.execPath, [${JSON.stringify(WRITER)}, '--parent-pid', String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'] });
      w.stdout.on('data', (d) => { if (String(d).includes('"writing"')) console.log('WRITER', w.pid); });
      w.stdin.write(JSON.stringify(${JSON.stringify({ type: 'flash', image, devices: [target.device], expected: [{ size: 2048 * MiB, identity: UNKNOWN }], verify: true, eject: false })}) + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const writerPid = await new Promise<number>((resolve) => {
      parent.stdout.on('data', (d: Buffer) => {
        const m = /WRITER (\d+)/.exec(d.toString());
        if (m?.[1]) resolve(Number(m[1]));
      });
    });
    parent.kill('SIGKILL');
    expect(await until(() => processGone(writerPid), 10_000)).toBe(true);
    closeSync(openSync(target.device, constants.O_RDONLY | constants.O_EXCL));
  });

  it('socket mode: refuses a client with the wrong secret, accepts the right one; the secret is never in argv', async () => {
    // main's private folder holds the secret; the socket lives in a folder the writer makes itself.
    const dir = join(tmp.dir, 'sock');
    execFileSync('mkdir', ['-m', '700', dir]);
    const secretFile = join(dir, 'secret');
    const socketPath = join('/tmp', `imprint-${randomBytes(16).toString('hex')}`, 'writer.sock');
    const secret = randomBytes(32).toString('hex');
    writeFileSync(secretFile, secret, { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [WRITER, '--parent-pid', String(process.pid), '--socket', socketPath, '--secret-file', secretFile, '--client-uid', String(process.getuid?.() ?? 0)],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      expect(await until(() => existsSync(socketPath), 10_000)).toBe(true);
      // Root never deletes in the user's folder: main removes its own secret file.
      expect(existsSync(secretFile)).toBe(true);
      expect(readFileSync(`/proc/${child.pid ?? 0}/cmdline`, 'utf8')).not.toContain(secret);

      const talk = (sent: string): Promise<string[]> =>
        new Promise((resolve) => {
          const socket = connect(socketPath);
          const channel = lineChannel(socket, socket, () => socket.end());
          const got: string[] = [];
          channel.onLine((l) => {
            got.push(l);
            if (got.length === 1 && !l.includes('"refused"')) socket.end();
          });
          channel.onClose(() => resolve(got));
          channel.send({ type: 'auth', secret: sent });
        });
      const wrong = await talk('0'.repeat(64));
      expect(wrong.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'refused', reason: 'wrong secret' }]);
      const right = await talk(secret);
      expect(right.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'ready' }]);
      // One client only: the writer removed its socket and folder once it had it.
      expect(existsSync(dirname(socketPath))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
