// Tracing mounts to disks: the classification of mountinfo lines (pure, on real and synthetic
// text), then the tracer on this machine's real mounts and on loop devices: btrfs over two
// devices, an overlay whose lower layer is on a loop device, a mount whose source node is gone.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blankLoop, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { classifyMount, DiskTracer, disksHoldingFile } from './linux-mounts.js';
import { readLsblk } from './lsblk.js';
import { parseMountInfoLine, readMountTable } from './mount-table.js';

const line = (text: string) => {
  const entry = parseMountInfoLine(text);
  if (!entry) throw new Error(`not a mountinfo line: ${text}`);
  return entry;
};

describe('classifyMount', () => {
  it('traces block-backed file systems by device number, whatever the source says', () => {
    expect(classifyMount(line('22 1 179:2 / / rw - ext4 /dev/root rw'))).toEqual({ kind: 'block', major: 179, minor: 2 });
    expect(classifyMount(line('30 1 8:33 / /mnt/win rw - fuseblk /dev/sdc1 rw,user_id=0'))).toEqual({ kind: 'block', major: 8, minor: 33 });
    expect(classifyMount(line('31 1 7:0 / /rofs ro - squashfs /dev/loop0 ro'))).toEqual({ kind: 'block', major: 7, minor: 0 });
  });

  it('knows btrfs, bcachefs and ZFS, whose device numbers are anonymous', () => {
    expect(classifyMount(line('63 1 0:33 /@ / rw - btrfs /dev/nvme0n1p3 rw,subvol=/@'))).toEqual({ kind: 'btrfs', device: '/dev/nvme0n1p3' });
    expect(classifyMount(line('64 1 0:34 / /data rw - bcachefs /dev/sda:/dev/sdb rw'))).toEqual({
      kind: 'devices',
      devices: ['/dev/sda', '/dev/sdb'],
    });
    expect(classifyMount(line('25 1 0:26 / / rw - zfs rpool/ROOT/ubuntu_k2j4f1 rw,xattr'))).toEqual({ kind: 'zfs', pool: 'rpool' });
    expect(classifyMount(line('26 1 0:27 / /snap rw - zfs tank@today rw'))).toEqual({ kind: 'zfs', pool: 'tank' });
  });

  it('traces overlays and ecryptfs through their folders; memory, kernel and network file systems hold no disk', () => {
    expect(classifyMount(line('40 1 0:40 / / rw - overlay overlay rw,lowerdir=/rofs,upperdir=/cow/upper,workdir=/cow/work'))).toEqual({
      kind: 'layers',
      paths: ['/rofs', '/cow/upper', '/cow/work'],
    });
    expect(classifyMount(line('41 1 0:41 / /home/u rw - ecryptfs /home/.ecryptfs/u/.Private rw,ecryptfs_sig=abc'))).toEqual({
      kind: 'layers',
      paths: ['/home/.ecryptfs/u/.Private'],
    });
    for (const type of ['tmpfs', 'proc', 'sysfs', 'nfs4', 'cifs', '9p', 'virtiofs']) {
      expect(classifyMount(line(`50 1 0:50 / /x rw - ${type} src rw`))).toEqual({ kind: 'none' });
    }
  });

  it('cannot trace FUSE or unknown file systems unless their source is a device, nor an overlay without layers', () => {
    expect(classifyMount(line('81 30 0:45 / /mnt/b rw - fuse.bindfs /home/u/data rw'))).toEqual({ kind: 'unknown' });
    expect(classifyMount(line('82 30 0:46 / /mnt/e rw - fuse.fuse2fs /dev/sdb1 rw'))).toEqual({ kind: 'devices', devices: ['/dev/sdb1'] });
    expect(classifyMount(line('83 30 0:47 / /x rw - overlay overlay rw,xino=off'))).toEqual({ kind: 'unknown' });
    expect(classifyMount(line('84 30 0:48 / /y rw - weirdfs something rw'))).toEqual({ kind: 'unknown' });
  });
});

describe('DiskTracer on this machine', () => {
  it('traces / to the disk that holds it', async () => {
    const { mounts } = await readMountTable();
    const tracer = new DiskTracer(mounts, await readLsblk());
    const rootSource = execFileSync('findmnt', ['-n', '-o', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
    const rootDisk = execFileSync('lsblk', ['-n', '-o', 'PKNAME', rootSource], { encoding: 'utf8' }).trim() || rootSource.replace('/dev/', '');
    expect(await tracer.disksOfPath('/')).toContain(rootDisk);
    expect(await tracer.disksOfPath('/proc/self')).toEqual([]);
    expect(await tracer.disksOfPath('/no/such/file')).toBeNull();
  });
});

const skip = missing({ root: true, tools: ['losetup', 'mkfs.ext4', 'mkfs.btrfs', 'mknod'] });

describe.skipIf(skip !== null)('DiskTracer on loop devices', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  const mounted: string[] = [];
  const loop = (name: string, size: number): LoopDevice => {
    const l = blankLoop(tmp.dir, name, size);
    loops.push(l);
    return l;
  };
  const mount = (args: string[], at: string): void => {
    mkdirSync(at, { recursive: true });
    execFileSync('mount', [...args, at]);
    mounted.unshift(at);
  };
  const tracer = async (): Promise<DiskTracer> => new DiskTracer((await readMountTable()).mounts, await readLsblk());
  const name = (l: LoopDevice): string => l.device.replace('/dev/', '');
  afterAll(() => {
    for (const at of mounted) execFileSync('umount', ['-l', at], { stdio: 'ignore' });
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('maps a btrfs file system over two devices to both, though its source names one', async () => {
    const a = loop('bt-a.bin', 128 * 1024 * 1024);
    const b = loop('bt-b.bin', 128 * 1024 * 1024);
    execFileSync('mkfs.btrfs', ['-q', '-f', '-d', 'raid1', '-m', 'raid1', a.device, b.device]);
    const at = join(tmp.dir, 'bt');
    mount([b.device], at);
    writeFileSync(join(at, 'file'), 'x');
    expect(await (await tracer()).disksOfPath(join(at, 'file'))).toEqual(expect.arrayContaining([name(a), name(b)]));
  });

  it('traces a file on an overlay to the disk of its lower layer', async () => {
    const host = loop('ovl.bin', 32 * 1024 * 1024);
    execFileSync('mkfs.ext4', ['-q', '-F', host.device]);
    const lowerMount = join(tmp.dir, 'ovl-lower');
    mount([host.device], lowerMount);
    mkdirSync(join(lowerMount, 'lower'));
    writeFileSync(join(lowerMount, 'lower', 'image.img'), 'x');
    for (const d of ['upper', 'work']) mkdirSync(join(tmp.dir, `ovl-${d}`));
    const merged = join(tmp.dir, 'ovl-merged');
    const options = `lowerdir=${lowerMount}/lower,upperdir=${tmp.dir}/ovl-upper,workdir=${tmp.dir}/ovl-work`;
    mount(['-t', 'overlay', 'overlay', '-o', options], merged);
    expect(await (await tracer()).disksOfPath(join(merged, 'image.img'))).toContain(name(host));
  });

  it('traces a mount whose source node no longer exists (like /dev/root) by its device number', async () => {
    const disk = loop('gone.bin', 32 * 1024 * 1024);
    execFileSync('mkfs.ext4', ['-q', '-F', disk.device]);
    const st = statSync(disk.device);
    const node = join(tmp.dir, 'root');
    execFileSync('mknod', [node, 'b', String(Math.floor(st.rdev / 256)), String(st.rdev % 256)]);
    const at = join(tmp.dir, 'gone-mnt');
    mount([node], at);
    rmSync(node);
    const t = await tracer();
    const entry = (await readMountTable()).mounts.find((m) => m.target === at);
    expect(entry?.source).toBe(node);
    // The loop device, and the disk holding its backing file.
    expect(entry && (await t.disksOfMount(entry))).toEqual(expect.arrayContaining([name(disk)]));
  });

  it('traces a file through a loop device to the disk holding the loop\'s backing file', async () => {
    const outer = loop('outer.bin', 64 * 1024 * 1024);
    execFileSync('mkfs.ext4', ['-q', '-F', outer.device]);
    const outerMount = join(tmp.dir, 'outer-mnt');
    mount([outer.device], outerMount);
    const innerFile = join(outerMount, 'inner.bin');
    execFileSync('truncate', ['-s', '16M', innerFile]);
    const inner = execFileSync('losetup', ['--find', '--show', innerFile], { encoding: 'utf8' }).trim();
    loops.push({ device: inner, backingFile: innerFile, detach: () => execFileSync('losetup', ['-d', inner]) });
    execFileSync('mkfs.ext4', ['-q', '-F', inner]);
    const innerMount = join(tmp.dir, 'inner-mnt');
    mount([inner], innerMount);
    writeFileSync(join(innerMount, 'image.img'), 'x');
    const disks = await disksHoldingFile(await tracer(), join(innerMount, 'image.img'));
    expect(disks).toEqual(expect.arrayContaining([inner.replace('/dev/', ''), name(outer)]));
  });
});
