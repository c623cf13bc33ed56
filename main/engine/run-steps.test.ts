// Running unmount plans: who owns a Windows volume lock and when it ends (the lock calls themselves
// are Windows-only, so a recorder stands in for the addon; the handles are real open files), and a
// real unmount on Linux, which leaves the job nothing to hold.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImprintError } from '../../app/errors.js';
import { blankLoop, makeFile, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { resolveDrive } from './drives.js';
import type { Step } from './os-steps.js';
import { runUnmountSteps, unmountDrive, type VolumeControl } from './run-steps.js';

const FAST = { attempts: 3, delayMs: 1 };

/** What this process's descriptor `fd` is open on now, or null when it is closed. */
function openedAs(fd: number): string | null {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/**
 * Records lock/dismount calls and the descriptors locked, in order. `refuse(volume, attempt)` says
 * whether that lock attempt fails as Windows fails it while a file is open there (volume: 0 for the
 * first volume of the plan, 1 for the second, …).
 */
function recorder(refuse: (volume: number, attempt: number) => boolean = () => false): VolumeControl & { calls: string[]; fds: number[] } {
  const calls: string[] = [];
  const fds: number[] = [];
  const attempts = new Map<number, number>();
  return {
    calls,
    fds,
    lock(fd) {
      const attempt = (attempts.get(fd) ?? 0) + 1;
      attempts.set(fd, attempt);
      calls.push(`lock ${fd}`);
      if (!fds.includes(fd)) fds.push(fd);
      if (refuse(fds.indexOf(fd), attempt)) throw Object.assign(new Error('DeviceIoControl FSCTL_LOCK_VOLUME: Access is denied'), { code: 'EACCES' });
    },
    dismount(fd) {
      calls.push(`dismount ${fd}`);
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ImprintError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImprintError)) throw new Error(`expected an ImprintError, got ${String(error)}`);
  return error;
}

describe('Windows volume locks belong to the job', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const volume = (name: string): string => makeFile(join(tmp.dir, name), 4096, 'zero');

  it('keeps every locked and dismounted volume open until the job releases it, once', async () => {
    const [e, f] = [volume('E.vol'), volume('F.vol')];
    const control = recorder();
    const steps: Step[] = [
      { kind: 'lock-volume', volume: e },
      { kind: 'lock-volume', volume: f },
    ];
    const held = await runUnmountSteps(steps, '\\\\.\\PhysicalDrive2', control, FAST);
    const [fdE, fdF] = control.fds as [number, number];
    expect(control.calls).toEqual([`lock ${fdE}`, `dismount ${fdE}`, `lock ${fdF}`, `dismount ${fdF}`]);
    expect(held.count).toBe(2);
    // The lock lasts as long as its handle: both are still open after the unmount returned.
    expect([openedAs(fdE), openedAs(fdF)]).toEqual([e, f]);

    await held.release();
    expect(held.count).toBe(0);
    expect([openedAs(fdE), openedAs(fdF)]).not.toContain(e);
    expect([openedAs(fdE), openedAs(fdF)]).not.toContain(f);
    await held.release();
    expect(held.count).toBe(0);
  });

  it('retries a lock another program holds for a moment', async () => {
    const control = recorder((_volume, attempt) => attempt < 3);
    const held = await runUnmountSteps([{ kind: 'lock-volume', volume: volume('busy.vol') }], '\\\\.\\PhysicalDrive2', control, FAST);
    const fd = control.fds[0] ?? -1;
    expect(control.calls).toEqual([`lock ${fd}`, `lock ${fd}`, `lock ${fd}`, `dismount ${fd}`]);
    expect(held.count).toBe(1);
    await held.release();
  });

  it('a volume that stays in use fails the unmount and releases the volumes locked before it', async () => {
    const [e, f] = [volume('E2.vol'), volume('F2.vol')];
    const control = recorder((index) => index === 1);
    const steps: Step[] = [
      { kind: 'lock-volume', volume: e },
      { kind: 'lock-volume', volume: f },
    ];
    const error = await failureOf(runUnmountSteps(steps, '\\\\.\\PhysicalDrive2', control, FAST));
    expect(error.code).toBe('E_UNMOUNT_FAILED');
    expect(error.context.device).toBe('\\\\.\\PhysicalDrive2');
    expect(error.context.detail).toContain('Access is denied');
    expect(error.message).toContain('Nothing was written');
    const [fdE, fdF] = control.fds as [number, number];
    expect(control.calls.filter((c) => c === `lock ${fdF}`)).toHaveLength(FAST.attempts);
    expect(control.calls).not.toContain(`dismount ${fdF}`);
    expect([openedAs(fdE), openedAs(fdF)]).not.toContain(e);
    expect([openedAs(fdE), openedAs(fdF)]).not.toContain(f);
  });

  it('names a volume that cannot be opened by its letter', async () => {
    // On Linux "\\.\Q:" is a relative file name that does not exist here: open fails as it would
    // for a drive letter that went away.
    const error = await failureOf(runUnmountSteps([{ kind: 'lock-volume', volume: '\\\\.\\Q:' }], '\\\\.\\PhysicalDrive2', recorder(), FAST));
    expect(error.code).toBe('E_UNMOUNT_FAILED');
    expect(error.context.detail).toMatch(/^Q: ENOENT/);
  });

  it('runs command steps for real and reports a failing one with its own words', async () => {
    const ok = await runUnmountSteps([{ kind: 'command', command: 'true', args: [] }], '/dev/disk4');
    expect(ok.count).toBe(0);
    const error = await failureOf(
      runUnmountSteps([{ kind: 'command', command: 'sh', args: ['-c', 'echo "Unmount of disk4 failed: at least one volume could not be unmounted" >&2; exit 1'] }], '/dev/disk4'),
    );
    expect(error.code).toBe('E_UNMOUNT_FAILED');
    expect(error.context.detail).toBe('Unmount of disk4 failed: at least one volume could not be unmounted');
  });
});

const linuxSkip = missing({ root: true, tools: ['losetup', 'mkfs.ext4', 'mount', 'umount'] });

describe.skipIf(linuxSkip !== null)('unmounting on Linux', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('unmounts a mounted drive and leaves the job nothing to hold', async () => {
    const loop = blankLoop(tmp.dir, 'mounted.img', 16 * 1024 * 1024);
    loops.push(loop);
    execFileSync('mkfs.ext4', ['-q', '-F', loop.device]);
    const mnt = join(tmp.dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', [loop.device, mnt]);
    try {
      const drive = await resolveDrive(loop.device);
      expect(drive.mountpoints.map((m) => m.path)).toContain(mnt);
      const held = await unmountDrive(drive);
      expect(held.count).toBe(0);
      expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(` ${mnt} `);
      expect((await resolveDrive(loop.device)).mountpoints).toEqual([]);
    } finally {
      // Still mounted only if the test failed before unmountDrive did its job.
      if (readFileSync('/proc/self/mounts', 'utf8').includes(` ${mnt} `)) execFileSync('umount', [mnt]);
    }
  });
});
