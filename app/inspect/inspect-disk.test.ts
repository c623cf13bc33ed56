// Inspection of disk images (MBR, GPT, FAT superfloppy, pure UDF): every field of the contract,
// and damaged partition tables.

import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { fatSuperfloppy, fixtureMissing, GPT_DISK, gptDisk, mbrDisk, udfImage } from '../../main/test-support/fixtures/images.js';
import { inspectFile, sfdiskTable, withFile } from '../../main/test-support/fixtures/inspect-file.js';
import { openUdfTree } from './udf-tree.js';
import { readUdfVolume } from './udf.js';
import type { ImageInfo } from './image-info.js';

const skip = fixtureMissing('disks', 'udf');
const MiB = 1024 * 1024;

function shape(info: ImageInfo): Omit<ImageInfo, 'warnings'> & { warnings: string[] } {
  return { ...info, warnings: info.warnings.map((w) => w.code) };
}

describe.skipIf(skip !== null)('inspectImage on disk images', () => {
  const tmp = tempDir('imprint-inspect-disk-');
  const image: Record<string, string> = {};

  beforeAll(() => {
    image.mbr = mbrDisk(tmp.dir);
    image.gpt = gptDisk(tmp.dir);
    image.floppy = fatSuperfloppy(tmp.dir);
    image.udf102 = udfImage(tmp.dir, '0x0102', 'UDF_ONE_O_TWO');
    image.udf201 = udfImage(tmp.dir, '0x0201', 'UDF_TWO_O_ONE');
    image.cdrw = udfImage(tmp.dir, '0x0201', 'REWRITABLE', 'cdrw');
  });
  afterAll(() => tmp.remove());

  const path = (name: string): string => image[name] ?? '';
  const size = (name: string): number => statSync(path(name)).size;
  const copy = (name: string, as: string): string => {
    const out = join(tmp.dir, as);
    copyFileSync(path(name), out);
    return out;
  };

  it('reads an MBR disk with FAT32 and ext4 partitions, names from their labels, and no boot loader', async () => {
    const info = await inspectFile(path('mbr'));
    expect(shape(info)).toEqual({
      path: path('mbr'),
      size: 64 * MiB,
      sizeIsEstimate: false,
      container: 'raw',
      label: null,
      filesystems: ['fat', 'ext4'],
      partitionTable: 'mbr',
      partitions: [
        { index: 1, type: '0x0c', start: MiB, size: 40 * MiB, name: 'DATA' },
        { index: 2, type: '0x83', start: 83968 * 512, size: (131072 - 83968) * 512, name: 'rootfs' },
      ],
      elTorito: null,
      usbBoot: { bios: false, uefi: false },
      windowsInstaller: false,
      warnings: ['NOT_USB_BOOTABLE'],
    });
    expect(info.warnings[0]?.message).toMatch(/no boot loader/);
  });

  it('reads a GPT disk with an ESP holding \\EFI\\BOOT\\BOOTX64.EFI as UEFI-only', async () => {
    const info = await inspectFile(path('gpt'));
    expect(shape(info)).toEqual({
      path: path('gpt'),
      size: 48 * MiB,
      sizeIsEstimate: false,
      container: 'raw',
      label: null,
      filesystems: ['fat'],
      partitionTable: 'gpt',
      partitions: [
        { index: 1, type: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b', start: MiB, size: 32 * MiB, name: 'EFI system partition' },
        { index: 2, type: '0fc63daf-8483-4772-8e79-3d69d8477de4', start: 33 * MiB, size: 48 * MiB - 33 * MiB - 33 * 512, name: 'Linux root' },
      ],
      elTorito: null,
      usbBoot: { bios: false, uefi: true },
      windowsInstaller: false,
      warnings: ['UEFI_ONLY'],
    });
    const oracle = sfdiskTable(path('gpt'));
    expect(oracle.partitions.map((p) => p.uuid?.toLowerCase())).toEqual([GPT_DISK.espGuid, GPT_DISK.rootGuid]);
    expect(info.partitions.map((p) => [p.start, p.size])).toEqual(oracle.partitions.map((p) => [p.start * 512, p.size * 512]));
  });

  it('warns about an ESP without a fallback boot loader', async () => {
    const bare = copy('gpt', 'gpt-no-loader.img');
    execFileSync('mdel', ['-i', `${bare}@@${MiB}`, '::/EFI/BOOT/BOOTX64.EFI']);
    const info = await inspectFile(bare);
    expect(info.usbBoot).toEqual({ bios: false, uefi: false });
    expect(info.warnings.map((w) => w.code)).toEqual(['NOT_USB_BOOTABLE', 'ESP_WITHOUT_BOOT_LOADER']);
  });

  it('reads a FAT12 superfloppy with a UEFI loader: no partition table, UEFI-only, its label', async () => {
    const info = await inspectFile(path('floppy'));
    expect(shape(info)).toEqual({
      path: path('floppy'),
      size: 1440 * 1024,
      sizeIsEstimate: false,
      container: 'raw',
      label: 'FLOPPY',
      filesystems: ['fat'],
      partitionTable: null,
      partitions: [],
      elTorito: null,
      usbBoot: { bios: false, uefi: true },
      windowsInstaller: false,
      warnings: ['UEFI_ONLY'],
    });
  });

  for (const [name, label] of [
    ['udf102', 'UDF_ONE_O_TWO'],
    ['udf201', 'UDF_TWO_O_ONE'],
  ] as const) {
    it(`reads a pure UDF volume (${name}) with its logical volume label`, async () => {
      const info = await inspectFile(path(name));
      expect(shape(info)).toEqual({
        path: path(name),
        size: 8 * MiB,
        sizeIsEstimate: false,
        container: 'raw',
        label,
        filesystems: ['udf'],
        partitionTable: null,
        partitions: [],
        elTorito: null,
        usbBoot: { bios: false, uefi: false },
        windowsInstaller: false,
        warnings: ['NOT_USB_BOOTABLE'],
      });
    });
  }

  it('reads a CD-RW UDF volume through its sparable partition map', async () => {
    const info = await inspectFile(path('cdrw'));
    expect(info.filesystems).toEqual(['udf']);
    expect(info.label).toBe('REWRITABLE');
    expect(info.warnings.map((w) => w.code)).toEqual(['NOT_USB_BOOTABLE']);
    const tree = await withFile(path('cdrw'), async (source) => {
      const volume = await readUdfVolume(source);
      expect(volume?.maps.map((m) => m.kind)).toEqual(['physical']);
      return volume === null ? null : (await openUdfTree(source, volume)).list('/');
    });
    expect(tree).toEqual([]);
  });

  it('follows an extended partition to its logical partitions', async () => {
    const disk = join(tmp.dir, 'extended.img');
    writeFileSync(disk, Buffer.alloc(0));
    truncateSync(disk, 32 * MiB);
    execFileSync('sfdisk', ['--no-reread', '--no-tell-kernel', disk], {
      input: 'label: dos\nstart=2048, size=8192, type=83\nstart=10240, type=5\nstart=12288, size=4096, type=83\nstart=18432, size=4096, type=82\n',
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const info = await inspectFile(disk);
    expect(info.partitionTable).toBe('mbr');
    expect(info.partitions.map((p) => [p.index, p.type, p.start / 512, p.size / 512])).toEqual(
      sfdiskTable(disk).partitions.map((p) => [Number(/(\d+)$/.exec(p.node)?.[1]), `0x${p.type.padStart(2, '0')}`, p.start, p.size]),
    );
    expect(info.partitions.map((p) => p.index)).toEqual([1, 2, 5, 6]);
  });

  it('uses the backup GPT when the primary header is damaged, and says so', async () => {
    const damaged = copy('gpt', 'gpt-bad-primary.img');
    const bytes = readFileSync(damaged);
    bytes[512 + 16] = (bytes[512 + 16] ?? 0) ^ 0xff; // header CRC32
    writeFileSync(damaged, bytes);
    const info = await inspectFile(damaged);
    expect(info.partitionTable).toBe('gpt');
    expect(info.partitions.map((p) => p.name)).toEqual(['EFI system partition', 'Linux root']);
    expect(info.warnings.map((w) => w.code)).toEqual(['PARTITION_TABLE_DAMAGED', 'UEFI_ONLY']);
    expect(info.warnings[0]?.message).toMatch(/backup copy is intact/);
  });

  it('reports a GPT whose both copies are damaged, without trusting it for size', async () => {
    const damaged = copy('gpt', 'gpt-bad-both.img');
    const bytes = readFileSync(damaged);
    bytes[1024] = (bytes[1024] ?? 0) ^ 0xff; // first entry of the primary array
    bytes[bytes.length - 512 + 16] = (bytes[bytes.length - 512 + 16] ?? 0) ^ 0xff; // backup header CRC
    writeFileSync(damaged, bytes);
    const info = await inspectFile(damaged);
    expect(info.warnings.map((w) => w.code)).toContain('PARTITION_TABLE_DAMAGED');
    expect(info.warnings.find((w) => w.code === 'PARTITION_TABLE_DAMAGED')?.message).toMatch(/no intact backup/);
  });

  it('warns TRUNCATED when the partition table claims more than the file holds', async () => {
    const cut = copy('mbr', 'mbr-cut.img');
    truncateSync(cut, 50 * MiB);
    const info = await inspectFile(cut);
    expect(info.size).toBe(50 * MiB);
    expect(info.warnings.map((w) => w.code)).toContain('TRUNCATED');
    expect(info.warnings.find((w) => w.code === 'TRUNCATED')?.message).toBe(
      'The image says it is 67.1 MB, but the file holds only 52.4 MB: the download is probably incomplete. Download it again and check its checksum.',
    );
  });

  it('warns NO_PARTITION_TABLE_OR_FILESYSTEM for bytes that are no disk image', async () => {
    const noise = join(tmp.dir, 'noise.bin');
    writeFileSync(noise, Buffer.alloc(64 * 1024, 0x5a));
    const info = await inspectFile(noise);
    expect(shape(info)).toMatchObject({
      label: null,
      filesystems: [],
      partitionTable: null,
      usbBoot: { bios: false, uefi: false },
      warnings: ['NOT_USB_BOOTABLE', 'NO_PARTITION_TABLE_OR_FILESYSTEM'],
    });
  });

  it('size is the file size of the disk image (what the drive receives)', () => {
    expect(size('mbr')).toBe(64 * MiB);
  });
});
