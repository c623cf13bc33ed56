// Real loop devices for tests: created from temp files, always detached.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface LoopDevice {
  device: string;
  backingFile: string;
  detach(): void;
}

export interface LoopOptions {
  readOnly?: boolean;
  partscan?: boolean;
  directIo?: boolean;
  sectorSize?: number;
}

export function attachLoop(file: string, opts: LoopOptions = {}): LoopDevice {
  const args = ['--find', '--show'];
  if (opts.readOnly) args.push('-r');
  if (opts.partscan) args.push('-P');
  if (opts.directIo) args.push('--direct-io=on');
  if (opts.sectorSize) args.push('--sector-size', String(opts.sectorSize));
  args.push(file);
  const device = execFileSync('losetup', args, { encoding: 'utf8' }).trim();
  if (opts.partscan) addPartitions(device);
  let attached = true;
  return {
    device,
    backingFile: file,
    detach() {
      if (!attached) return;
      attached = false;
      try {
        execFileSync('losetup', ['-d', device], { stdio: 'ignore' });
      } catch {
        // Already detached (e.g. by autoclear); nothing to release.
      }
    },
  };
}

/**
 * Some kernels (this CI's among them) are built without partition-table parsers, so -P finds
 * nothing; partx reads the table in user space and adds the partitions with BLKPG.
 */
function addPartitions(device: string): void {
  const name = device.replace('/dev/', '');
  const hasParts = readdirSync(`/sys/block/${name}`).some((e) => e.startsWith(`${name}p`));
  if (hasParts) return;
  try {
    execFileSync('partx', ['-a', device], { stdio: 'ignore' });
  } catch {
    // No partition table on the file: nothing to add.
  }
}

/** A temp folder removed by the returned cleanup. Uses a disk-backed folder (O_DIRECT needs one). */
export function tempDir(prefix = 'imprint-test-'): { dir: string; remove(): void } {
  const base = process.env.IMPRINT_TEST_TMP ?? '/var/tmp';
  const dir = mkdtempSync(join(base || tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file of `size` bytes: random content, or zeros when `fill` is 'zero'. */
export function makeFile(path: string, size: number, fill: 'random' | 'zero' = 'random'): string {
  if (fill === 'zero') {
    writeFileSync(path, Buffer.alloc(0));
    truncateSync(path, size);
  } else {
    writeFileSync(path, randomBytes(size));
  }
  return path;
}

/** A loop device over a new zero-filled file of `size` bytes. */
export function blankLoop(dir: string, name: string, size: number, opts: LoopOptions = {}): LoopDevice {
  const file = makeFile(join(dir, name), size, 'zero');
  return attachLoop(file, opts);
}

/**
 * `length` bytes of a block device from `offset`, as the device holds them: the kernel's cache of
 * the device is dropped first (blockdev --flushbufs) so that a stale page cannot answer.
 */
export function readDevice(device: string, length: number, offset = 0): Buffer {
  execFileSync('blockdev', ['--flushbufs', device]);
  const fd = openSync(device, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return buffer.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}
