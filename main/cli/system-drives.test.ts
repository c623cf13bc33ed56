// System drives the rules used to miss, end to end: the built CLI runs inside a private mount
// namespace (unshare -m) in which a loop device holds a system mount, and must refuse it (exit 2)
// without changing a byte of it.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImprint } from '../test-support/cli.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { privateNamespace } from '../test-support/namespace.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: ['losetup', 'mkfs.ext4', 'mkfs.btrfs', 'unshare', 'mknod'] });
const MiB = 1024 * 1024;

const digest = (device: string, size: number): string => createHash('sha256').update(readDevice(device, size)).digest('hex');

describe.skipIf(skip !== null)('system drives are refused, and nothing is written', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  let image: string;
  let createdEfi = false;
  const fsLoop = (name: string, size = 64 * MiB): LoopDevice => {
    const l = blankLoop(tmp.dir, name, size);
    loops.push(l);
    execFileSync('mkfs.ext4', ['-q', '-F', l.device]);
    return l;
  };
  /** Flashes `device` with `setup` done first; expects a refusal and the device's bytes unchanged. */
  const refused = async (device: string, setup: string, size = 64 * MiB) => {
    const before = digest(device, size);
    // The mounts are made inside a private mount namespace: the host never sees them.
    const run = await runImprint(['flash', image, device, '--yes', '--no-eject'], { prefix: privateNamespace(tmp.dir, [setup]) });
    expect(run.code).toBe(2);
    expect(digest(device, size)).toBe(before);
    return run;
  };

  beforeAll(() => {
    image = makeFile(join(tmp.dir, 'random.img'), 8 * MiB);
    // /efi is a mount point only where the OS made it one; an empty folder is needed to mount on.
    if (!existsSync('/efi')) {
      mkdirSync('/efi');
      createdEfi = true;
    }
  });

  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
    if (createdEfi) rmdirSync('/efi');
  });

  it('refuses a drive mounted at /boot/firmware (Raspberry Pi OS boot partition)', async () => {
    const sys = fsLoop('firmware.bin');
    const run = await refused(sys.device, `mount -t tmpfs tmpfs /boot && mkdir /boot/firmware && mount -o ro,noload ${sys.device} /boot/firmware`);
    expect(run.stderr).toContain('is a system drive');
    expect(run.stderr).toContain('mounted at /boot/firmware');
  });

  it('refuses a drive mounted at /efi (the EFI system partition, systemd layout)', async () => {
    const sys = fsLoop('efi.bin');
    const run = await refused(sys.device, `mount -o ro,noload ${sys.device} /efi`);
    expect(run.stderr).toContain('mounted at /efi');
  });

  it('refuses a drive whose mount source cannot be stat\'ed (like /dev/root without an initramfs)', async () => {
    const sys = fsLoop('devroot.bin');
    const rdev = statSync(sys.device).rdev;
    const node = join(tmp.dir, 'root');
    // The node the file system was mounted from is gone: only the device number in mountinfo is left.
    const setup = `mknod ${node} b ${Math.floor(rdev / 256)} ${rdev % 256} && mount -o ro,noload ${node} /boot && rm ${node}`;
    const run = await refused(sys.device, setup);
    expect(run.stderr).toContain(`${sys.device} is mounted at /boot`);
  });

  it('refuses every device of a btrfs file system over two drives, though its mount names one', async () => {
    const a = blankLoop(tmp.dir, 'raid-a.bin', 128 * MiB);
    const b = blankLoop(tmp.dir, 'raid-b.bin', 128 * MiB);
    loops.push(a, b);
    execFileSync('mkfs.btrfs', ['-q', '-f', '-d', 'raid1', '-m', 'raid1', a.device, b.device]);
    // Mounted from either device, the kernel names the first member as the source.
    const run = await refused(b.device, `mount -o ro ${a.device} /boot`, 128 * MiB);
    expect(run.stderr).toContain('is a system drive');
    expect(run.stderr).toContain('mounted at /boot');
    const other = await refused(a.device, `mount -o ro ${b.device} /boot`, 128 * MiB);
    expect(other.stderr).toContain('mounted at /boot');
  });

  it('refuses every drive while a system mount cannot be traced to any disk (fail closed)', async () => {
    const target = blankLoop(tmp.dir, 'innocent.bin', 32 * MiB);
    loops.push(target);
    const hidden = join(tmp.dir, 'hidden');
    mkdirSync(hidden);
    // An overlay at /opt whose layers are on a file system no longer in this namespace (as in a container).
    const setup = [
      `mount -t tmpfs tmpfs ${hidden}`,
      `mkdir ${hidden}/l ${hidden}/u ${hidden}/w`,
      `mount -t overlay overlay -o lowerdir=${hidden}/l,upperdir=${hidden}/u,workdir=${hidden}/w /opt`,
      `umount -l ${hidden}`,
    ].join(' && ');
    const run = await refused(target.device, setup, 32 * MiB);
    expect(run.stderr).toContain('is a system drive');
    expect(run.stderr).toContain('/opt [overlay overlay] cannot be traced to a disk');
    expect(run.stderr).toContain('--allow-system-drive');
  });

  it('refuses a RAM block device (zram) as not a physical drive; device-mapper and md are judged the same way', async () => {
    // No device-mapper or md driver on the test machines: those are judged on sysfs-shaped facts and real
    // names (app/block-kind.test.ts, app/drive-rules.test.ts). zram is a real non-physical device here.
    if (!existsSync('/sys/class/zram-control/hot_add')) {
      if (process.env.CI === 'true') throw new Error('Missing test prerequisite in CI: zram (/sys/class/zram-control)');
      return;
    }
    const id = readFileSync('/sys/class/zram-control/hot_add', 'utf8').trim();
    const device = `/dev/zram${id}`;
    try {
      writeFileSync(`/sys/block/zram${id}/disksize`, String(32 * MiB));
      const before = digest(device, 32 * MiB);
      const run = await runImprint(['flash', image, device, '--yes', '--no-eject']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${device} is not a physical drive (a compressed RAM device, zram)`);
      expect(digest(device, 32 * MiB)).toBe(before);
    } finally {
      writeFileSync('/sys/class/zram-control/hot_remove', id);
    }
  });
});
