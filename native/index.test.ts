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

  it.skipIf(process.platform !== 'linux')('throws ENOSYS for what Linux does not have, so every platform has one API', () => {
    expectErrorCode(() => native.setNoCache(0, true), 'ENOSYS');
    expectErrorCode(() => native.lockVolume(0), 'ENOSYS');
    expectErrorCode(() => native.dismountVolume(0), 'ENOSYS');
    expectErrorCode(() => native.acceptPipeClient('\\\\.\\pipe\\imprint-x', 1, 1), 'ENOSYS');
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

describe('alignedOffset and allocAligned', () => {
  it('returns offsets that agree across alignments of one ArrayBuffer, each below its alignment', () => {
    for (let i = 0; i < 64; i++) {
      const arrayBuffer = new ArrayBuffer(128 * 1024 + i * 24);
      let previous = native.alignedOffset(arrayBuffer, 1);
      expect(previous).toBe(0);
      for (let alignment = 2; alignment <= 65536; alignment *= 2) {
        const offset = native.alignedOffset(arrayBuffer, alignment);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(alignment);
        // address + offset is a multiple of `alignment`, so also of alignment/2: the offset for
        // alignment/2 is this one modulo alignment/2.
        expect(offset % (alignment / 2)).toBe(previous);
        previous = offset;
      }
    }
  });

  it('returns a zero-filled Buffer of the requested size viewing the aligned part of a larger ArrayBuffer', () => {
    const buffer = native.allocAligned(10_000, 4096);
    expect(buffer.length).toBe(10_000);
    expect(buffer.buffer.byteLength).toBe(10_000 + 4096);
    expect(buffer.byteOffset).toBe(native.alignedOffset(buffer.buffer, 4096));
    expect(buffer.every((byte) => byte === 0)).toBe(true);
    expect(native.allocAligned(0).length).toBe(0);
  });

  it('rejects alignments that are not powers of two, non-ArrayBuffers, detached buffers and bad sizes', () => {
    const arrayBuffer = new ArrayBuffer(8192);
    for (const alignment of [0, 3, 4095, 1.5, -4096, 2 ** 31, Number.NaN]) {
      expect(() => native.alignedOffset(arrayBuffer, alignment)).toThrow(RangeError);
    }
    expectErrorCode(() => native.alignedOffset(arrayBuffer, 3), 'EINVAL');
    expectErrorCode(() => Reflect.apply(native.alignedOffset, undefined, [new Uint8Array(8192), 4096]), 'EINVAL');
    expectErrorCode(() => Reflect.apply(native.alignedOffset, undefined, [arrayBuffer, '4096']), 'EINVAL');
    const detached = new ArrayBuffer(8192);
    structuredClone(detached, { transfer: [detached] });
    expect(() => native.alignedOffset(detached, 4096)).toThrow(TypeError);
    expectErrorCode(() => native.allocAligned(-1), 'EINVAL');
    expectErrorCode(() => native.allocAligned(1.5), 'EINVAL');
    expectErrorCode(() => native.allocAligned(4096, 1000), 'EINVAL');
  });

  // The kernel checks O_DIRECT buffer addresses against the device's DMA alignment (512 bytes for
  // virtio and loop devices), so this proves the low bits for real; the test above ties the
  // higher alignments to them.
  const directIoGap = process.platform === 'linux' ? null : 'O_DIRECT is Linux-only';
  it.skipIf(directIoGap !== null)('gives buffers that O_DIRECT accepts, while the same memory one byte later is refused', () => {
    const dir = diskBackedTempDir();
    if (dir === null) {
      if (inCI) throw new Error('CI needs a disk-backed temp folder (os.tmpdir() or /var/tmp) for O_DIRECT');
      console.warn('skipping O_DIRECT check: no disk-backed temp folder');
      return;
    }
    const { O_CREAT, O_DIRECT, O_RDWR } = fs.constants;
    const fd = fs.openSync(path.join(dir, 'direct.bin'), O_RDWR | O_CREAT | O_DIRECT, 0o600);
    try {
      let fill = 1;
      for (const alignment of [512, 4096, 65536]) {
        for (const size of [4096, 12_288, 65_536, MiB]) {
          const written = native.allocAligned(size, alignment).fill(fill);
          expect(fs.writeSync(fd, written, 0, size, 0)).toBe(size);
          const read = native.allocAligned(size, alignment);
          expect(fs.readSync(fd, read, 0, size, 0)).toBe(size);
          expect(read.equals(written)).toBe(true);
          fill++;
        }
      }
      const wide = native.allocAligned(2 * 4096);
      const shifted = Buffer.from(wide.buffer, wide.byteOffset + 1, 4096);
      expectErrorCode(() => fs.writeSync(fd, shifted, 0, 4096, 0), 'EINVAL');
    } finally {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('block-device calls on something that is not a block device', () => {
  const linuxGap = process.platform === 'linux' ? null : 'checks Linux ioctl names';
  let dir = '';
  let file = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imprint-native-'));
    file = path.join(dir, 'regular.bin');
    fs.writeFileSync(file, Buffer.alloc(MiB));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(linuxGap !== null)('throws ENOTTY naming the ioctl for a regular file, without crashing', () => {
    const fd = fs.openSync(file, 'r+');
    try {
      expectErrorCode(() => native.blockDeviceSize(fd), 'ENOTTY', 'ioctl BLKGETSIZE64');
      expectErrorCode(() => native.logicalSectorSize(fd), 'ENOTTY', 'ioctl BLKSSZGET');
      expectErrorCode(() => native.isReadOnly(fd), 'ENOTTY', 'ioctl BLKROGET');
      expectErrorCode(() => native.flushBuffers(fd), 'ENOTTY', 'ioctl BLKFLSBUF');
      expectErrorCode(() => native.rereadPartitionTable(fd), 'ENOTTY', 'ioctl BLKRRPART');
    } finally {
      fs.closeSync(fd);
    }
  });

  it.skipIf(linuxGap !== null)('throws EBADF for a descriptor that is not open', () => {
    expectErrorCode(() => native.blockDeviceSize(2 ** 30), 'EBADF', 'ioctl BLKGETSIZE64');
  });

  it('rejects descriptors and ranges that are not non-negative integers', () => {
    expect(() => native.blockDeviceSize(-1)).toThrow(RangeError);
    expect(() => native.blockDeviceSize(1.5)).toThrow(RangeError);
    expectErrorCode(() => Reflect.apply(native.blockDeviceSize, undefined, ['3']), 'EINVAL');
    expectErrorCode(() => Reflect.apply(native.blockDeviceSize, undefined, []), 'EINVAL');
    expect(() => {
      Reflect.apply(native.blockDeviceSize, undefined, ['3']);
    }).toThrow(TypeError);
  });
});

describe('block-device calls on real loop devices', () => {
  const gap = loopDeviceGap();
  const attached: string[] = [];
  const openFds: number[] = [];
  let dir = '';

  /** Attaches a loop device over `file`; it is detached in afterAll whatever happens. */
  function attachLoop(file: string, options: string[] = []): string {
    const device = execFileSync('losetup', ['--find', '--show', ...options, file], { encoding: 'utf8' }).trim();
    attached.push(device);
    if (!/^\/dev\/loop\d+$/.test(device)) throw new Error(`losetup returned an unexpected device: ${device}`);
    return device;
  }

  /** Opens only loop devices this test attached (or their partitions): never another device. */
  function openLoop(device: string, flags: string | number): number {
    const whole = device.replace(/^(\/dev\/loop\d+)p\d+$/, '$1');
    if (!attached.includes(whole)) throw new Error(`refusing to open ${device}: not a loop device of this test`);
    const fd = fs.openSync(device, flags);
    openFds.push(fd);
    return fd;
  }

  function closeLoop(fd: number): void {
    openFds.splice(openFds.indexOf(fd), 1);
    fs.closeSync(fd);
  }

  /** A sparse backing file of `size` zero bytes. */
  function makeFile(name: string, size: number): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.alloc(0));
    fs.truncateSync(file, size);
    return file;
  }

  function sysfs(device: string, entry: string): string {
    return fs.readFileSync(path.join('/sys/block', path.basename(device), entry), 'utf8').trim();
  }

  function readAt(fd: number, offset: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    expect(fs.readSync(fd, buffer, 0, length, offset)).toBe(length);
    return buffer;
  }

  beforeAll(() => {
    if (gap !== null) {
      if (inCI) throw new Error(`Missing test prerequisite in CI: ${gap}. .ci/run must provide it.`);
      return;
    }
    const base = diskBackedTempDir();
    if (base === null) throw new Error('no disk-backed temp folder for loop backing files');
    dir = base;
  });

  afterAll(() => {
    for (const fd of openFds.splice(0)) fs.closeSync(fd);
    const failures: string[] = [];
    for (const device of attached.splice(0)) {
      try {
        execFileSync('losetup', ['-d', device], { stdio: 'pipe' });
      } catch (error) {
        failures.push(`${device}: ${String(error)}`);
      }
    }
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    if (failures.length > 0) throw new Error(`could not detach loop devices: ${failures.join('; ')}`);
  });

  const loopIt = gap !== null && !inCI ? it.skip : it;
  if (gap !== null && !inCI) console.warn(`skipping loop-device tests: ${gap}`);

  loopIt('reports the size of a loop device as the size of its backing file', () => {
    const file = makeFile('size.img', 8 * MiB + 3 * 512);
    const fd = openLoop(attachLoop(file), 'r');
    expect(native.blockDeviceSize(fd)).toBe(8 * MiB + 3 * 512);
    expect(native.blockDeviceSize(fd)).toBe(fs.statSync(file).size);
  });

  loopIt('reports 512-byte sectors by default and 4096-byte ones for --sector-size 4096, as sysfs does', () => {
    const plain = attachLoop(makeFile('sectors-512.img', 8 * MiB));
    const large = attachLoop(makeFile('sectors-4096.img', 8 * MiB), ['--sector-size', '4096']);
    const plainFd = openLoop(plain, 'r');
    const largeFd = openLoop(large, 'r');
    expect(native.logicalSectorSize(plainFd)).toBe(512);
    expect(native.logicalSectorSize(largeFd)).toBe(4096);
    for (const [device, fd] of [[plain, plainFd], [large, largeFd]] as const) {
      expect(native.logicalSectorSize(fd)).toBe(Number(sysfs(device, 'queue/logical_block_size')));
      expect(native.blockDeviceSize(fd)).toBe(Number(sysfs(device, 'size')) * 512);
    }
  });

  loopIt('tells a read-only loop device (losetup -r) from a writable one', () => {
    const readOnly = attachLoop(makeFile('ro.img', MiB), ['-r']);
    const writable = attachLoop(makeFile('rw.img', MiB));
    expect(native.isReadOnly(openLoop(readOnly, 'r'))).toBe(true);
    expect(native.isReadOnly(openLoop(writable, 'r'))).toBe(false);
    expect(sysfs(readOnly, 'ro')).toBe('1');
  });

  loopIt('flushBuffers writes cached data to the medium and drops the cache, so reads see the medium', () => {
    const file = makeFile('flush.img', 8 * MiB);
    const fd = openLoop(attachLoop(file), 'r+');
    const offset = 2 * MiB;
    const written = randomBytes(64 * 1024);
    expect(fs.writeSync(fd, written, 0, written.length, offset)).toBe(written.length);

    native.flushBuffers(fd);
    const backing = fs.openSync(file, 'r+');
    try {
      expect(readAt(backing, offset, written.length).equals(written)).toBe(true);
      // Change the medium behind the device's back: a device read can only see it if BLKFLSBUF
      // dropped the pages cached by the write above.
      const changed = randomBytes(written.length);
      fs.writeSync(backing, changed, 0, changed.length, offset);
      fs.fsyncSync(backing);
      expect(readAt(fd, offset, changed.length).equals(changed)).toBe(true);
    } finally {
      fs.closeSync(backing);
    }
  });

  // This machine's kernel has no partition-table parsers (CONFIG_MSDOS_PARTITION and
  // CONFIG_EFI_PARTITION are off), so `losetup -P` finds no partitions. partx adds them through
  // BLKPG instead; a re-read then replaces them with whatever the kernel finds on the disk.
  loopIt('re-reads the partition table of a -P loop device: EBUSY while a partition is open, then drops a removed one', () => {
    const device = attachLoop(makeFile('partitions.img', 8 * MiB), ['-P']);
    const partition = `${device}p1`;
    const partitionSysfs = `${path.basename(device)}p1`;
    const fd = openLoop(device, 'r+');

    const mbr = Buffer.alloc(512);
    mbr[446 + 4] = 0x83; // first partition entry: type Linux
    mbr.writeUInt32LE(2048, 446 + 8); // first partition entry: starting LBA
    mbr.writeUInt32LE(4096, 446 + 12); // first partition entry: sector count (2 MiB)
    mbr.writeUInt16LE(0xaa55, 510); // MBR boot signature 55 AA
    fs.writeSync(fd, mbr, 0, 512, 0);
    fs.fsyncSync(fd);
    execFileSync('partx', ['--add', device], { stdio: 'pipe' });
    expect(sysfs(device, `${partitionSysfs}/start`)).toBe('2048');
    expect(sysfs(device, `${partitionSysfs}/size`)).toBe('4096');

    const partitionFd = openLoop(partition, 'r');
    expectErrorCode(() => native.rereadPartitionTable(fd), 'EBUSY', 'ioctl BLKRRPART');
    closeLoop(partitionFd);

    fs.writeSync(fd, Buffer.alloc(512), 0, 512, 0); // erase the table
    fs.fsyncSync(fd);
    native.rereadPartitionTable(fd);
    expect(fs.existsSync(path.join('/sys/block', path.basename(device), partitionSysfs))).toBe(false);
    closeLoop(fd);
  });

  loopIt('refuses to re-read partitions of a loop device made without -P (EINVAL)', () => {
    const fd = openLoop(attachLoop(makeFile('no-partscan.img', MiB)), 'r');
    expectErrorCode(() => native.rereadPartitionTable(fd), 'EINVAL', 'ioctl BLKRRPART');
  });
});
