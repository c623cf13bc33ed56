import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as native from './index.js';

const MiB = 1024 * 1024;
const inCI = process.env.CI === 'true';
const TMPFS_MAGIC = 0x01021994; // statfs f_type of tmpfs, which refuses O_DIRECT

/** A temp folder on a disk-backed file system (O_DIRECT needs one; tmpfs says EINVAL). */
function diskBackedTempDir(): string | null {
  for (const base of [os.tmpdir(), '/var/tmp']) {
    try {
      if (fs.statfsSync(base).type !== TMPFS_MAGIC) return fs.mkdtempSync(path.join(base, 'imprint-native-'));
    } catch {
      // Missing or unwritable base: try the next one.
    }
  }
  return null;
}

/** Why loop-device tests cannot run here, or null when they can. */
function loopDeviceGap(): string | null {
  if (process.platform !== 'linux') return 'loop devices are Linux-only';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root to create loop devices';
  try {
    execFileSync('losetup', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'needs losetup (util-linux)';
  }
  if (!fs.existsSync('/dev/loop-control')) return 'needs /dev/loop-control (loop kernel module)';
  return null;
}

function expectErrorCode(fn: () => unknown, code: string, syscall?: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect(thrown).toMatchObject({ code });
  if (syscall !== undefined) {
    const errnoNumber: unknown = Reflect.get(os.constants.errno, code);
    expect(thrown).toMatchObject({ syscall, errno: errnoNumber });
  }
}

describe('the native addon', () => {
  it('is built for the platform it runs on', () => {
    expect(native.nativePlatform()).toBe(process.platform);
  });

  it('throws ENOSYS for functions this platform does not have, so every platform has one API', () => {
    if (process.platform !== 'linux') return;
    expectErrorCode(() => native.setNoCache(0, true), 'ENOSYS');
    expectErrorCode(() => native.lockVolume(0), 'ENOSYS');
    expectErrorCode(() => native.dismountVolume(0), 'ENOSYS');
  });

  it('looks for the addon next to the sources, next to dist/, then in the unpacked asar', () => {
    const release = path.join('build', 'Release', 'imprint_native.node');
    expect(native.addonCandidates('/app/dist', '/opt/Imprint/resources')).toEqual([
      path.join('/app/dist', release),
      path.join('/app/native', release),
      path.join('/opt/Imprint/resources/app.asar.unpacked/native', release),
    ]);
    expect(native.addonCandidates(undefined, undefined)).toEqual([]);
  });
});
