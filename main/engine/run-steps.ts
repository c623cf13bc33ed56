// Runs unmount / eject plans and checks the result against the kernel's mount table.

import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import * as native from '../../native/index.js';
import { resolveDrive } from './drives.js';
import { ejectPlan, unmountPlan, type Platform, type Step } from './os-steps.js';

const run = promisify(execFile);

function currentPlatform(): Platform {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}

async function hasCommand(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

async function runStep(step: Step): Promise<void> {
  if (step.kind === 'command') {
    await run(step.command, step.args, { timeout: 30_000 });
    return;
  }
  // Windows: the handle must stay open for the lock to hold while writing; the process exit releases it.
  const handle = await open(step.volume, 'r+');
  native.lockVolume(handle.fd);
  native.dismountVolume(handle.fd);
}

function stderrOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'stderr' in error && typeof error.stderr === 'string' && error.stderr.trim()) {
    return error.stderr.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/** Unmounts every mounted partition of the drive; fails with E_UNMOUNT_FAILED naming what is still mounted. */
export async function unmountDrive(drive: Drive): Promise<void> {
  const plan = unmountPlan(currentPlatform(), drive);
  // Nothing mounted when the drive was judged: O_EXCL will refuse if that changed since.
  if (plan.length === 0) return;
  for (const step of plan) {
    try {
      await runStep(step);
    } catch (error) {
      throw new ImprintError('E_UNMOUNT_FAILED', { device: drive.device, detail: stderrOf(error) });
    }
  }
  if (currentPlatform() !== 'linux') return;
  const after = await resolveDrive(drive.device);
  const still = after.mountpoints.filter((m) => m.path !== '[SWAP]');
  if (still.length > 0) {
    throw new ImprintError('E_UNMOUNT_FAILED', { device: drive.device, detail: `still mounted at ${still.map((m) => m.path).join(', ')}` });
  }
}

/** Best effort: returns false (never throws) when the drive could not be ejected or has nothing to eject. */
export async function ejectDrive(drive: Drive): Promise<boolean> {
  const tools = { udisksctl: await hasCommand('udisksctl'), eject: await hasCommand('eject') };
  const steps = ejectPlan(currentPlatform(), drive, tools);
  if (steps.length === 0) return false;
  try {
    for (const step of steps) await runStep(step);
    return true;
  } catch {
    return false;
  }
}
