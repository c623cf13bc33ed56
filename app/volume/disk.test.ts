// Whole disks: sfdisk and sgdisk accept the partition tables, blkid and wipefs see exactly one
// partition table and one file system, the file systems' own checkers pass on the partition,
// and writing only the listed extents over an old stick leaves none of its signatures.

import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySource } from '../inspect/byte-source.js';
import { attachLoop, tempDir } from '../../main/test-support/loop.js';
import { missing } from '../../main/test-support/prereq.js';
import { run, toolOutput, writeSourceToFile } from '../../main/test-support/volume-file.js';
import { GiB, MiB, TiB } from './bytes.js';
import { STALE_ZONES } from './disk.js';
import { VolumeError } from './errors.js';
import { extentBytes } from './extents.js';
import { defaultRestoreFileSystem, fat32Disk, fat32MinimumDiskSize, restoreDisk } from './make-disk.js';
import { planPartition } from './partition-table.js';
import type { VolumeEntry } from './tree.js';

const skip = missing({
  root: true,
  tools: ['sfdisk', 'sgdisk', 'blkid', 'wipefs', 'fsck.fat', 'fsck.exfat', 'mkfs.exfat', 'mcopy', 'genisoimage', 'mkfs.ext4', 'truncate', 'losetup', 'partx'],
});
const TIME = new Date('2025-01-02T03:04:05Z');

const text = (name: string, content: string): VolumeEntry => {
  const bytes = new TextEncoder().encode(content);
  return { kind: 'file', name, size: bytes.length, source: memorySource(bytes) };
};

/** Signatures wipefs finds on a device: "type@offset" each. */
function signatures(device: string): string[] {
  const out = toolOutput('wipefs', ['--no-act', '--json', device]);
  if (out.trim() === '') return [];
  const parsed = JSON.parse(out) as { signatures?: Array<{ type: string; offset: string }> };
  return (parsed.signatures ?? []).map((s) => `${s.type}@${s.offset}`).sort();
}

function blkid(args: string[]): Record<string, string> {
  const result = run('blkid', ['-p', '-o', 'export', ...args]);
  const fields: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const eq = line.indexOf('=');
    // -o export escapes spaces and other shell characters with a backslash.
    if (eq > 0 && !line.startsWith('DEVNAME=')) fields[line.slice(0, eq)] = line.slice(eq + 1).replace(/\\(.)/g, '$1');
  }
  return fields;
}

function writeAt(path: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Runs `work` with the image attached as a loop device with its partitions (/dev/loopNp1). */
function withLoop<T>(image: string, work: (disk: string, partition: string) => T): T {
  const loop = attachLoop(image, { partscan: true });
  try {
    return work(loop.device, `${loop.device}p1`);
  } finally {
    loop.detach();
  }
}

describe.skipIf(skip !== null)('virtual disks', () => {
  // Made when the tests run, not when they are collected (a listing pass runs no afterAll).
  let tmp = { dir: '', remove: (): void => undefined };
  beforeAll(() => (tmp = tempDir('imprint-disk-')));
  afterAll(() => tmp.remove());
  let n = 0;
  const imageFile = (): string => join(tmp.dir, `disk-${n++}.img`);

  it('writes an MBR that sfdisk accepts, with one FAT32 partition from 1 MiB to the end', async () => {
    const size = 512 * MiB;
    const disk = fat32Disk({ diskSize: size, seed: 'mbr test', label: 'WINSTICK', timestamp: TIME, root: [text('hello.txt', 'hello')], active: true });
    const image = imageFile();
    await writeSourceToFile(image, disk.source, { ranges: disk.extents });
    const dump = toolOutput('sfdisk', ['--dump', image]);
    expect(dump).toMatch(/^label: dos$/m);
    expect(dump).toMatch(/^label-id: 0x[0-9a-f]{8}$/m);
    expect(dump).toMatch(new RegExp(`: start=\\s*2048, size=\\s*${size / 512 - 2048}, type=c, bootable$`, 'm'));
    expect(run('sfdisk', ['--verify', image]).status).toBe(0);
    expect(blkid([image])).toMatchObject({ PTTYPE: 'dos' });
    expect(blkid([image]).TYPE).toBeUndefined();
    expect(blkid(['-O', String(MiB), image])).toMatchObject({ TYPE: 'vfat', LABEL: 'WINSTICK', VERSION: 'FAT32' });
    withLoop(image, (whole, partition) => {
      expect(signatures(whole)).toEqual(['dos@0x1fe']);
      expect(signatures(partition)).toEqual(['vfat@0x0', 'vfat@0x1fe', 'vfat@0x52']);
      expect(run('fsck.fat', ['-n', partition]).status).toBe(0);
      expect(toolOutput('mcopy', ['-n', '-i', partition, '::/hello.txt', '-'], { MTOOLS_SKIP_CHECK: '1' })).toBe('hello');
    });
  });

  it('writes a GPT that sgdisk verifies on a 3 TiB disk, with an exFAT partition', async () => {
    const size = 3 * TiB;
    expect(defaultRestoreFileSystem(size)).toBe('exfat');
    const disk = restoreDisk({ diskSize: size, seed: 'gpt test', label: 'Big Drive', timestamp: TIME });
    expect(disk.partition.scheme).toBe('gpt');
    // Metadata only: boot region, a 96 MiB FAT, the bitmap, zeros over old signatures, the GPT.
    expect(extentBytes(disk.extents)).toBeLessThan(120 * MiB);
    const image = imageFile();
    await writeSourceToFile(image, disk.source, { ranges: disk.extents });
    const verify = toolOutput('sgdisk', ['-v', image]);
    expect(verify).toMatch(/No problems found/);
    const info = toolOutput('sgdisk', ['-i', '1', image]);
    expect(info).toMatch(/Partition GUID code: EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 \(Microsoft basic data\)/);
    expect(info).toMatch(/First sector: 2048 /);
    expect(info).toMatch(new RegExp(`Last sector: ${size / 512 - 34} `));
    expect(blkid([image])).toMatchObject({ PTTYPE: 'gpt' });
    expect(blkid(['-O', String(MiB), image])).toMatchObject({ TYPE: 'exfat', LABEL: 'Big Drive' });
    withLoop(image, (whole, partition) => {
      expect(signatures(whole)).toEqual([`gpt@0x${(size - 512).toString(16)}`, 'gpt@0x200', 'PMBR@0x1fe'].sort());
      // wipefs also names the boot sector's 55 AA as a DOS table, exactly as on mkfs.exfat's volumes.
      expect(signatures(partition)).toEqual(['dos@0x1fe', 'exfat@0x3']);
      expect(run('fsck.exfat', ['-n', partition]).status).toBe(0);
    });
    const reference = imageFile();
    toolOutput('truncate', ['-s', String(64 * MiB), reference]);
    toolOutput('mkfs.exfat', [reference]);
    expect(signatures(reference)).toEqual(['dos@0x1fe', 'exfat@0x3']);
  });

  it('also writes GPT when asked on a small disk, and FAT32 there', async () => {
    const disk = fat32Disk({ diskSize: 100 * MiB, scheme: 'gpt', seed: 'small gpt', label: '', timestamp: TIME, root: [text('a', 'a')] });
    const image = imageFile();
    await writeSourceToFile(image, disk.source, { ranges: disk.extents });
    expect(toolOutput('sgdisk', ['-v', image])).toMatch(/No problems found/);
    withLoop(image, (_, partition) => expect(run('fsck.fat', ['-n', partition]).status).toBe(0));
  });

  it('leaves no old signature when only its extents are written over an old stick', async () => {
    const size = 256 * MiB;
    const image = imageFile();
    // The old stick: a GPT (its backup at the end), an ext4 in its partition, an ISO 9660 written
    // raw over the start ("CD001" at 32 KiB), Promise RAID metadata 3,087 sectors from the end.
    toolOutput('truncate', ['-s', String(size), image]);
    toolOutput('sgdisk', ['-o', '-n', '1:2048:+200M', image]);
    toolOutput('mkfs.ext4', ['-q', '-F', '-E', `offset=${MiB}`, image, '190M']);
    const iso = join(tmp.dir, 'old.iso');
    writeFileSync(join(tmp.dir, 'readme.txt'), 'old content');
    toolOutput('genisoimage', ['-quiet', '-V', 'OLD_ISO', '-o', iso, join(tmp.dir, 'readme.txt')]);
    writeAt(image, 0, readFileSync(iso));
    writeAt(image, size - 3087 * 512, Buffer.from('Promise Technology, Inc.'));
    const before = withLoop(image, (whole) => signatures(whole));
    expect(before.some((s) => s.startsWith('iso9660@'))).toBe(true);
    expect(before.some((s) => s.startsWith('gpt@'))).toBe(true);
    expect(before.some((s) => s.startsWith('promise_fasttrack_raid_member@'))).toBe(true);

    const disk = restoreDisk({ diskSize: size, seed: 'restore', label: 'USB', timestamp: TIME });
    expect(disk.volume.fileSystem).toBe('fat32');
    await writeSourceToFile(image, disk.source, { ranges: disk.extents, overwrite: true });
    withLoop(image, (whole, partition) => {
      expect(signatures(whole)).toEqual(['dos@0x1fe']);
      expect(signatures(partition)).toEqual(['vfat@0x0', 'vfat@0x1fe', 'vfat@0x52']);
      expect(run('fsck.fat', ['-n', partition]).status).toBe(0);
    });
    expect(blkid([image])).toEqual({ PTTYPE: 'dos', PTUUID: expect.any(String) as string });
  });

  it('reads zeros wherever it defines nothing, and its extents are what the header says', async () => {
    const disk = restoreDisk({ diskSize: 16 * GiB, seed: 'zeros', label: 'USB', timestamp: TIME });
    expect(disk.volume.fileSystem).toBe('fat32');
    const plan = disk.partition;
    const purposes = disk.extents.map((e) => [e.offset, e.length, e.purposes.join('+')]);
    const fatRegion = (disk.volume as unknown as { geometry: { dataOffset: number; clusterBytes: number } }).geometry;
    expect(purposes).toEqual([
      // MBR and the gap before the partition, then the partition's head: boot region, FATs, the
      // root directory's cluster and the 5 MiB stale-signature zone, all touching, merged.
      [0, plan.offset + Math.max(STALE_ZONES.partitionHead, fatRegion.dataOffset + fatRegion.clusterBytes), 'partition-table+file-system+stale-signatures'],
      // The partition's and the disk's last 2 MiB (they coincide on MBR).
      [16 * GiB - STALE_ZONES.tail, STALE_ZONES.tail, 'stale-signatures'],
    ]);
    // Everything outside the extents reads as zeros (sampled across the disk).
    for (let at = 64 * MiB; at < 16 * GiB - 4 * MiB; at += 997 * MiB) {
      const bytes = await disk.source.read(at, MiB);
      expect(bytes.every((b) => b === 0), `at ${at}`).toBe(true);
    }
  });

  it('puts FAT32 in the first 2 TiB of a larger disk, leaving the rest unallocated', async () => {
    const disk = fat32Disk({ diskSize: 3 * TiB, seed: 'cap', label: 'X', timestamp: TIME, root: [text('a.txt', 'a')] });
    expect(disk.partition).toMatchObject({ scheme: 'gpt', offset: MiB, size: 2 * TiB - MiB });
    const image = imageFile();
    await writeSourceToFile(image, disk.source, { ranges: disk.extents });
    expect(toolOutput('sgdisk', ['-v', image])).toMatch(/No problems found/);
    withLoop(image, (_, partition) => expect(run('fsck.fat', ['-n', partition]).status).toBe(0));
  });

  it('gives the same disk for the same seed, and other identifiers for another seed', async () => {
    const build = (seed: string) => fat32Disk({ diskSize: 64 * GiB, seed, label: 'X', timestamp: TIME, root: [text('a.txt', 'a')], scheme: 'gpt' });
    const [a, b, c] = [build('one'), build('one'), build('two')];
    const read = (d: typeof a): Promise<Buffer[]> => Promise.all(d.extents.map(async (e) => Buffer.from(await d.source.read(e.offset, e.length))));
    const [x, y, z] = await Promise.all([read(a), read(b), read(c)]);
    expect(x.length).toBe(y.length);
    x.forEach((part, i) => expect(part.equals(y[i] ?? Buffer.alloc(0)), `extent ${i}`).toBe(true));
    // Another seed: other GPT GUIDs (primary and backup) and another volume serial, the same FATs.
    const [first, other] = [x[0] ?? Buffer.alloc(0), z[0] ?? Buffer.alloc(0)];
    expect(first.subarray(512 + 56, 512 + 72).equals(other.subarray(512 + 56, 512 + 72))).toBe(false);
    expect(first.subarray(MiB + 67, MiB + 71).equals(other.subarray(MiB + 67, MiB + 71))).toBe(false);
    expect(first.subarray(MiB + 16 * 1024).equals(other.subarray(MiB + 16 * 1024))).toBe(true);
    const last = x.length - 1;
    expect((x[last] ?? Buffer.alloc(0)).equals(z[last] ?? Buffer.alloc(0))).toBe(false);
  });
});

describe('disk sizes', () => {
  it('picks MBR up to 2 TiB and GPT above, and refuses MBR above', () => {
    expect(planPartition(2 * TiB).scheme).toBe('mbr');
    expect(planPartition(2 * TiB).sectors).toBe(2 ** 32 - 2048);
    expect(planPartition(2 * TiB + MiB).scheme).toBe('gpt');
    expect(() => planPartition(3 * TiB, 'mbr')).toThrow(VolumeError);
  });

  it('names the smallest disk for a tree, which holds it, as does every larger one', () => {
    const root = [{ kind: 'file' as const, name: 'big.bin', size: 100 * MiB, source: { size: 100 * MiB, read: () => Promise.resolve(new Uint8Array(0)) } }];
    const smallest = fat32MinimumDiskSize(root, 'X');
    for (const size of [smallest, smallest + 512, smallest + 7 * 512, smallest + MiB, smallest + 100 * MiB]) {
      expect(fat32Disk({ diskSize: size, seed: 's', label: 'X', timestamp: TIME, root }).volume.fileSystem).toBe('fat32');
    }
    try {
      fat32Disk({ diskSize: smallest - 4 * MiB, seed: 's', label: 'X', timestamp: TIME, root });
      expect.unreachable('a smaller disk still fits');
    } catch (error) {
      expect(error).toBeInstanceOf(VolumeError);
      expect((error as VolumeError).problem).toEqual({ reason: 'disk-too-small', size: smallest - 4 * MiB, needed: smallest });
    }
  });
});
