// main's side of socket mode for real: socketSession starts the real writer (dist/writer.js) in
// socket mode as root, as macOS's administrator prompt does, connects, authenticates and flashes a
// loop device. And it refuses to hand its secret to a socket in a folder root did not make.

import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNKNOWN_IDENTITY as UNKNOWN } from '../../app/drive.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { socketChannel, type LaunchPlan, type SocketChannel } from './launch-plan.js';
import { runJob } from './run-job.js';
import { socketSession, type WriterSession } from './writer-session.js';

const WRITER = join(__dirname, '..', '..', 'dist', 'writer.js');
const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup', 'blockdev'] });

describe.skipIf(skip !== null)('socket mode, main and writer', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  const folders: string[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    for (const f of folders) rmSync(f, { recursive: true, force: true });
    tmp.remove();
  });

  const channel = (): SocketChannel => {
    const privateDir = mkdtempSync(join(tmp.dir, 'main-'));
    const c = socketChannel('linux', randomBytes(16).toString('hex'), privateDir, '/tmp');
    folders.push(dirname(c.socketPath));
    return c;
  };
  const writerPlan = (c: SocketChannel, command = process.execPath): LaunchPlan => ({
    mode: 'socket',
    elevation: 'osascript',
    command,
    args: [WRITER, '--parent-pid', String(process.pid), '--socket', c.socketPath, '--secret-file', c.secretFile, '--client-uid', '0'],
  });
  const ready = (session: WriterSession): Promise<void> =>
    new Promise((resolve, reject) => {
      session.onMessage((m) => (m.type === 'ready' ? resolve() : m.type === 'refused' ? reject(new Error(m.reason)) : undefined));
      session.onGone(() => reject(new Error('gone')));
    });

  it('connects to the writer\'s own socket, removes its secret file, and flashes through it', async () => {
    const c = channel();
    const { session } = await socketSession(writerPlan(c), c, 20_000);
    await ready(session);
    expect(existsSync(c.secretFile)).toBe(false);
    expect(existsSync(dirname(c.socketPath))).toBe(false); // the writer took its one client and closed up

    const image = makeFile(join(tmp.dir, 's.img'), 4 * MiB);
    const target = blankLoop(tmp.dir, 's.bin', 8 * MiB);
    loops.push(target);
    const job = runJob(session, { type: 'flash', image, devices: [target.device], expected: [{ size: 8 * MiB, identity: UNKNOWN }], verify: true, eject: false }, () => undefined);
    const result = await job.result;
    expect(result.ok).toBe(true);
    expect(readDevice(target.device, 4 * MiB).equals(readFileSync(image))).toBe(true);
  });

  it('does not send its secret to a socket in a folder root did not make', async () => {
    const c = channel();
    // Another process of the user (uid 65534 here) got to the name first and listens there.
    mkdirSync(dirname(c.socketPath), { mode: 0o711 });
    const connections: number[] = [];
    const squatter = createServer((s) => {
      connections.push(1);
      s.destroy();
    });
    await new Promise<void>((resolve) => squatter.listen(c.socketPath, resolve));
    chmodSync(c.socketPath, 0o666);
    chownSync(dirname(c.socketPath), 65534, 65534);
    try {
      // The helper stands in for osascript waiting at its password prompt.
      const plan: LaunchPlan = { mode: 'socket', elevation: 'osascript', command: 'sleep', args: ['30'] };
      const error: unknown = await socketSession(plan, c, 20_000).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_ELEVATION_FAILED' });
      expect((error as Error).message).toContain('was not made by the writer');
      expect(connections).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});
