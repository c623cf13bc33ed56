// Block devices that behave like real, slow or failing hardware: an nbdkit server (memory plugin
// plus filters such as rate, delay, error) exposed as a file by nbdfuse, attached as a loop device.
// Always stop() them: it detaches the loop, unmounts the FUSE file and ends nbdkit.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachLoop, type LoopDevice } from './loop.js';

export interface RigDevice {
  device: string;
  /** The nbdfuse file behind the loop device. */
  file: string;
  stop(): void;
}

export interface RigOptions {
  size: number;
  /** Bytes per second the device accepts (nbdkit rate filter), or unlimited. */
  bytesPerSecond?: number;
  directIo?: boolean;
}

export const RIG_TOOLS = ['nbdkit', 'nbdfuse', 'losetup'];

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startRigDevice(options: RigOptions): Promise<RigDevice> {
  const dir = mkdtempSync(join(process.env.IMPRINT_TEST_TMP ?? '/var/tmp', 'imprint-rig-'));
  const file = join(dir, 'disk');
  writeFileSync(file, '');
  const nbdkit = ['nbdkit'];
  if (options.bytesPerSecond) nbdkit.push('--filter=rate');
  nbdkit.push('memory', String(options.size));
  // The rate filter counts bits per second.
  if (options.bytesPerSecond) nbdkit.push(`rate=${options.bytesPerSecond * 8}`);
  const fuse: ChildProcess = spawn('nbdfuse', [file, '[', ...nbdkit, ']'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(existsSync(file) && statSync(file).size === options.size)) {
    if (Date.now() > deadline || fuse.exitCode !== null) {
      fuse.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error('nbdfuse did not expose the device within 10 s');
    }
    await sleep(50);
  }
  let attached: LoopDevice;
  try {
    attached = attachLoop(file, { directIo: options.directIo ?? true });
  } catch (error) {
    fuse.kill('SIGTERM');
    throw error;
  }
  let stopped = false;
  return {
    device: attached.device,
    file,
    stop() {
      if (stopped) return;
      stopped = true;
      attached.detach();
      try {
        execFileSync('umount', [file], { stdio: 'ignore' });
      } catch {
        fuse.kill('SIGTERM');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
