// The flash and verify commands end to end: the real CLI process, real loop devices, real bytes.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runImprint } from '../test-support/cli.js';
import { attachLoop, blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { privateNamespace } from '../test-support/namespace.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: ['losetup', 'mkfs.ext4', 'sfdisk'] });
const MiB = 1024 * 1024;

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe.skipIf(skip !== null)('imprint flash / verify on loop devices', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  const loop = (name: string, size: number, opts = {}): LoopDevice => {
    const l = blankLoop(tmp.dir, name, size, opts);
    loops.push(l);
    return l;
  };
  let image: string;
  let imageData: Buffer;

  beforeAll(() => {
    // Not a multiple of 4096: the last block is padded, and the tail must still verify.
    image = makeFile(join(tmp.dir, 'random.img'), 24 * MiB + 512 * 3);
    imageData = readFileSync(image);
  });

  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('writes a random image to a loop device, and the device holds exactly its bytes', async () => {
    const target = loop('t1.bin', 32 * MiB);
    const run = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const events = jsonLines(run.stdout);
    const result = events.at(-1);
    expect(result?.type).toBe('result');
    expect(result?.ok).toBe(true);
    expect(result).toMatchObject({ kind: 'flash' });
    expect(result?.targets).toMatchObject([{ device: target.device, ok: true, written: true, verified: true, imageWritten: 'all' }]);
    // No eject was asked: none was tried, so none is reported.
    expect(result?.targets).not.toMatchObject([{ ejected: expect.anything() as unknown }]);
    const phases = new Set(events.filter((e) => e.type === 'progress').map((e) => e.phase));
    expect([...phases]).toEqual(['preparing', 'writing', 'verifying', 'finishing']);
    expect(sha(readDevice(target.device, imageData.length))).toBe(sha(imageData));
  });

  it('writes one image to two drives at once, each verified', async () => {
    const a = loop('two-a.bin', 32 * MiB);
    const b = loop('two-b.bin', 40 * MiB, { directIo: true });
    const run = await runImprint(['flash', image, a.device, b.device, '--yes', '--no-eject']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${a.device}: written and verified`);
    expect(run.stdout).toContain(`${b.device}: written and verified`);
    for (const d of [a.device, b.device]) {
      expect(sha(readDevice(d, imageData.length))).toBe(sha(imageData));
    }
  });

  it('verify passes on a good drive and names the first changed byte on a bad one', async () => {
    const target = loop('verify.bin', 32 * MiB);
    const unverified = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--no-verify']);
    expect(unverified.code).toBe(0);
    expect(unverified.stdout).toContain(`${target.device}: written (not verified)`);
    const good = await runImprint(['verify', image, target.device]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('matches the image');

    const offset = 13 * MiB + 777;
    const fd = openSync(target.device, 'r+');
    const original = readDevice(target.device, 1, offset)[0] ?? 0;
    writeSync(fd, Buffer.from([original ^ 0xff]), 0, 1, offset);
    fsyncSync(fd);
    closeSync(fd);

    const bad = await runImprint(['verify', image, target.device, '--json']);
    expect(bad.code).toBe(3);
    const result = jsonLines(bad.stdout).at(-1);
    expect(result?.targets).toMatchObject([{ ok: false, error: { code: 'E_VERIFY_MISMATCH', offset } }]);
    const human = await runImprint(['verify', image, target.device]);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain(`first difference is at byte ${offset}`);
  });

  it('unmounts a mounted ext4 partition of the target before writing', async () => {
    const file = makeFile(join(tmp.dir, 'mounted.bin'), 48 * MiB, 'zero');
    execFileSync('sfdisk', ['--quiet', file], { input: 'label: dos\nstart=2048, type=83\n' });
    const target = attachLoop(file, { partscan: true });
    loops.push(target);
    const part = `${target.device}p1`;
    execFileSync('mkfs.ext4', ['-q', '-F', part]);
    const mnt = join(tmp.dir, 'mnt');
    execFileSync('mkdir', ['-p', mnt]);
    execFileSync('mount', [part, mnt]);
    try {
      writeFileSync(join(mnt, 'old-data.txt'), 'this will be erased');
      const run = await runImprint(['flash', image, target.device, '--yes', '--no-eject', '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(` ${mnt} `);
      expect(sha(readDevice(target.device, imageData.length))).toBe(sha(imageData));
    } finally {
      try {
        execFileSync('umount', [mnt], { stdio: 'ignore' });
      } catch {
        // already unmounted by imprint, as expected
      }
    }
  });

  describe('refusals write nothing and exit 2', () => {
    const pattern = Buffer.alloc(MiB, 0xa5);
    const prime = (device: string): void => {
      const fd = openSync(device, 'r+');
      writeSync(fd, pattern, 0, pattern.length, 0);
      fsyncSync(fd);
      closeSync(fd);
    };
    const untouched = (device: string): void => {
      expect(readDevice(device, MiB).equals(pattern)).toBe(true);
    };

    it('refuses a read-only device', async () => {
      const file = makeFile(join(tmp.dir, 'ro.bin'), 32 * MiB, 'zero');
      writeFileSync(file, pattern, { flag: 'r+' });
      const ro = attachLoop(file, { readOnly: true });
      loops.push(ro);
      const run = await runImprint(['flash', image, ro.device, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('read-only');
      expect(readFileSync(file).subarray(0, MiB).equals(pattern)).toBe(true);
    });

    it('refuses a device smaller than the image', async () => {
      const small = loop('small.bin', 16 * MiB);
      prime(small.device);
      const run = await runImprint(['flash', image, small.device, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('too small');
      untouched(small.device);
    });

    it('refuses a partition and names the whole drive to use instead', async () => {
      const file = makeFile(join(tmp.dir, 'parts.bin'), 64 * MiB, 'zero');
      execFileSync('sfdisk', ['--quiet', file], { input: 'label: dos\nstart=2048, type=83\n' });
      const disk = attachLoop(file, { partscan: true });
      loops.push(disk);
      const part = `${disk.device}p1`;
      prime(part);
      const run = await runImprint(['flash', image, part, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${part} is a partition`);
      expect(run.stderr).toContain(disk.device);
      untouched(part);
    });

    it('resolves a /dev/disk/by-id style symlink before judging it', async () => {
      const file = makeFile(join(tmp.dir, 'link-parts.bin'), 64 * MiB, 'zero');
      execFileSync('sfdisk', ['--quiet', file], { input: 'label: dos\nstart=2048, type=83\n' });
      const disk = attachLoop(file, { partscan: true });
      loops.push(disk);
      const link = join(tmp.dir, 'usb-Fake_Stick-0:0-part1');
      execFileSync('ln', ['-s', `${disk.device}p1`, link]);
      const run = await runImprint(['flash', image, link, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${disk.device}p1 is a partition`);
    });

    it('refuses the drive that holds the image file', async () => {
      const host = loop('host.bin', 64 * MiB);
      execFileSync('mkfs.ext4', ['-q', '-F', host.device]);
      const mnt = join(tmp.dir, 'host-mnt');
      execFileSync('mkdir', ['-p', mnt]);
      execFileSync('mount', [host.device, mnt]);
      try {
        const inner = join(mnt, 'image.img');
        writeFileSync(inner, imageData.subarray(0, 4 * MiB));
        const run = await runImprint(['flash', inner, host.device, '--yes', '--no-eject']);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('holds the image file');
        expect(readFileSync(inner).equals(imageData.subarray(0, 4 * MiB))).toBe(true);
      } finally {
        execFileSync('umount', [mnt]);
      }
    });

    it('refuses the loop device whose backing file is the image itself', async () => {
      const copy = join(tmp.dir, 'self.img');
      writeFileSync(copy, imageData);
      const self = attachLoop(copy);
      loops.push(self);
      const run = await runImprint(['flash', copy, self.device, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('holds the image file');
    });

    it('refuses a drive mounted at /boot (a system drive) inside a private mount namespace', async () => {
      const sys = loop('system.bin', 64 * MiB);
      execFileSync('mkfs.ext4', ['-q', '-F', sys.device]);
      // The helper detaches the namespace's copies of other tests' mounts, which would keep their drives busy.
      const prefix = privateNamespace(tmp.dir, [`mount ${sys.device} /boot`]);
      const run = await runImprint(['flash', image, sys.device, '--yes', '--no-eject'], { prefix });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('is a system drive');
      expect(run.stderr).toContain('mounted at /boot');
      expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(`${sys.device} /boot`);
      // The file system is intact: nothing was written.
      execFileSync('e2fsck', ['-n', '-f', sys.device], { stdio: 'ignore' });
    });

    it('asks for confirmation and writes nothing when not confirmed (no terminal)', async () => {
      const target = loop('confirm.bin', 32 * MiB);
      prime(target.device);
      const run = await runImprint(['flash', image, target.device, '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('not confirmed');
      untouched(target.device);
    });

    it('rejects unknown flags and missing arguments as usage errors', async () => {
      const bad = await runImprint(['flash', image, '--frobnicate']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/error: .*frobnicate/);
      const none = await runImprint(['flash', image]);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('at least one device');
      const missingImage = await runImprint(['flash', join(tmp.dir, 'nope.iso'), '/dev/loop0', '--yes']);
      expect(missingImage.code).toBe(2);
      expect(missingImage.stderr).toContain('does not exist');
    });
  });

  it('says so, and how to get them, when it lacks the rights to open the drive', async () => {
    const target = loop('perm.bin', 32 * MiB);
    chmodSync(tmp.dir, 0o755);
    chmodSync(image, 0o644);
    const prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const run = await runImprint(['flash', image, target.device, '--yes', '--no-eject'], { prefix });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs administrator rights');
    expect(run.stderr).toContain('sudo');
  });

  it('O_EXCL: a drive another process holds exclusively is reported busy', async () => {
    const target = loop('busy.bin', 32 * MiB);
    const fd = openSync(target.device, constants.O_RDONLY | constants.O_EXCL);
    try {
      const run = await runImprint(['flash', image, target.device, '--yes', '--no-eject']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('in use by another program');
    } finally {
      closeSync(fd);
    }
  });
});
