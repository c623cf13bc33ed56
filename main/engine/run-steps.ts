// Runs unmount / eject plans and checks the result against the kernel's mount table.
//
// Windows: FSCTL_LOCK_VOLUME lasts exactly as long as the handle it was taken on, and a locked,
// dismounted volume is what keeps its file system from mounting again under the write. So an
// unmount hands the job the locked handles (HeldVolumes): the job keeps them through the write and
// the verification and releases them when it is over with the drive, whether it succeeded or not,
// before the eject (the Shell's eject locks the volume itself). Linux and macOS hold nothing.

import { execFile } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import * as native from '../../native/index.js';
import { resolveDrive } from './drives.js';
import { ejectPlan, unmountPlan, type CommandStep, type Step } from './os-steps.js';
import { currentPlatform } from './platform.js';

const run = promisify(execFile);

/** Locks and dismounts an open volume: the addon on Windows (native/src/block_win32.c). */
export interface VolumeControl {
  lock(fd: number): void;
  dismount(fd: number): void;
}

const NATIVE_VOLUMES: VolumeControl = {
  lock: (fd) => native.lockVolume(fd),
  dismount: (fd) => native.dismountVolume(fd),
};

/** How long a volume's lock is tried while another program (Explorer, an indexer, a virus scan) has a file open there. */
export interface LockRetry {
  attempts: number;
  delayMs: number;
}

const LOCK_RETRY: LockRetry = { attempts: 10, delayMs: 500 };

/** The volumes an unmount locked, owned by the job until it releases them (once; again does nothing). */
export class HeldVolumes {
  private readonly handles: FileHandle[] = [];

  /** How many volume locks are held now. */
  get count(): number {
    return this.handles.length;
  }

  hold(handle: FileHandle): void {
    this.handles.push(handle);
  }

  /** Closes every handle, which ends its lock and lets Windows mount what was written. Never throws. */
  async release(): Promise<void> {
    const handles = this.handles.splice(0);
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  }
}

async function hasCommand(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

async function runCommand(step: CommandStep): Promise<void> {
  await run(step.command, step.args, { timeout: 30_000 });
}

async function lockWithRetries(fd: number, volumes: VolumeControl, retry: LockRetry): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      volumes.lock(fd);
      return;
    } catch (error) {
      if (attempt >= retry.attempts) throw error;
      await new Promise((r) => setTimeout(r, retry.delayMs));
    }
  }
}

/** Opens the volume (\\.\E:), locks it, dismounts it, and returns the handle that holds the lock. */
async function lockVolume(volume: string, volumes: VolumeControl, retry: LockRetry): Promise<FileHandle> {
  const handle = await open(volume, 'r+');
  try {
    await lockWithRetries(handle.fd, volumes, retry);
    volumes.dismount(handle.fd);
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'stderr' in error && typeof error.stderr === 'string' && error.stderr.trim()) {
    return error.stderr.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/** What failed, as the user knows it: a command's own words; a volume by its letter ("\\.\E:" → "E:"). */
function failureDetail(step: Step, error: unknown): string {
  return step.kind === 'command' ? messageOf(error) : `${step.volume.replace(/^\\\\\.\\/, '')} ${messageOf(error)}`;
}

/**
 * Runs an unmount plan. What it locks is returned held; when a step fails, whatever was locked so
 * far is released and the failure is E_UNMOUNT_FAILED (nothing has been written yet).
 */
export async function runUnmountSteps(
  steps: Step[],
  device: string,
  volumes: VolumeControl = NATIVE_VOLUMES,
  retry: LockRetry = LOCK_RETRY,
): Promise<HeldVolumes> {
  const held = new HeldVolumes();
  for (const step of steps) {
    try {
      if (step.kind === 'command') await runCommand(step);
      else held.hold(await lockVolume(step.volume, volumes, retry));
    } catch (error) {
      await held.release();
      throw new ImprintError('E_UNMOUNT_FAILED', { device, detail: failureDetail(step, error) });
    }
  }
  return held;
}

/**
 * Unmounts every mounted partition of the drive; fails with E_UNMOUNT_FAILED naming what is still
 * mounted. The caller owns what is returned and must release it when the job is over with the drive.
 */
export async function unmountDrive(drive: Drive): Promise<HeldVolumes> {
  const platform = currentPlatform();
  const plan = unmountPlan(platform, drive);
  // Nothing mounted when the drive was judged: O_EXCL will refuse if that changed since.
  if (plan.length === 0) return new HeldVolumes();
  const held = await runUnmountSteps(plan, drive.device);
  if (platform !== 'linux') return held;
  const after = await resolveDrive(drive.device);
  const still = after.mountpoints.filter((m) => m.path !== '[SWAP]');
  if (still.length > 0) {
    await held.release();
    throw new ImprintError('E_UNMOUNT_FAILED', { device: drive.device, detail: `still mounted at ${still.map((m) => m.path).join(', ')}` });
  }
  return held;
}

/** Best effort: returns false (never throws) when the drive could not be ejected or has nothing to eject. */
export async function ejectDrive(drive: Drive): Promise<boolean> {
  const tools = { udisksctl: await hasCommand('udisksctl'), eject: await hasCommand('eject') };
  const steps = ejectPlan(currentPlatform(), drive, tools);
  if (steps.length === 0) return false;
  try {
    for (const step of steps) await runCommand(step);
    return true;
  } catch {
    return false;
  }
}
