// Inspection of ISO images as Debian's tools build them: every field of the JSON contract.

import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import {
  appendedEspIso,
  biosIso,
  deepRockRidgeIso,
  fixtureMissing,
  hybridIso,
  plainIso,
  syslinuxIso,
  windowsIso,
} from '../../main/test-support/fixtures/images.js';
import { inspectFile, sfdiskTable } from '../../main/test-support/fixtures/inspect-file.js';
import type { ImageInfo, PartitionInfo } from './image-info.js';

const skip = fixtureMissing('iso', 'syslinux', 'windows', 'deepRockRidge');

/** The contract with warnings reduced to their codes (messages are checked separately). */
function shape(info: ImageInfo): Omit<ImageInfo, 'warnings'> & { warnings: string[] } {
  return { ...info, warnings: info.warnings.map((w) => w.code) };
}

/** Partitions as sfdisk reads them, as an oracle independent of the parser under test. */
function sfdiskPartitions(path: string, names: string[]): PartitionInfo[] {
  const table = sfdiskTable(path);
  return table.partitions.map((p, i) => ({
    index: Number(/(\d+)$/.exec(p.node)?.[1]),
    type: table.label === 'dos' ? `0x${p.type.padStart(2, '0')}` : p.type.toLowerCase(),
    start: p.start * 512,
    size: p.size * 512,
    name: names[i] ?? '',
  }));
}

describe.skipIf(skip !== null)('inspectImage on ISO images', () => {
  const tmp = tempDir('imprint-inspect-iso-');
  const image: Record<string, string> = {};

  beforeAll(() => {
    image.plain = plainIso(tmp.dir);
    image.bios = biosIso(tmp.dir);
    image.syslinux = syslinuxIso(tmp.dir);
    image.hybrid = hybridIso(tmp.dir);
    image.appended = appendedEspIso(tmp.dir);
    image.windows = windowsIso(tmp.dir);
    image.deep = deepRockRidgeIso(tmp.dir);
  });
  afterAll(() => tmp.remove());

  const path = (name: string): string => image[name] ?? '';
  const size = (name: string): number => statSync(path(name)).size;

  it('reports a plain data ISO as not bootable, with its label and name extensions', async () => {
    const info = await inspectFile(path('plain'));
    expect(shape(info)).toEqual({
      path: path('plain'),
      size: size('plain'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'PLAIN_DATA',
      filesystems: ['iso9660', 'joliet', 'rockridge'],
      partitionTable: null,
      partitions: [],
      elTorito: null,
      usbBoot: { bios: false, uefi: false },
      windowsInstaller: false,
      warnings: ['NOT_USB_BOOTABLE'],
    });
    expect(info.warnings[0]?.message).toMatch(/data disc/);
  });

  it('says a BIOS El Torito ISO without an MBR boots only from a CD', async () => {
    const info = await inspectFile(path('bios'));
    expect(shape(info)).toEqual({
      path: path('bios'),
      size: size('bios'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'BIOS_ONLY',
      filesystems: ['iso9660', 'joliet', 'rockridge'],
      partitionTable: null,
      partitions: [],
      elTorito: { bios: true, uefi: false },
      usbBoot: { bios: false, uefi: false },
      windowsInstaller: false,
      warnings: ['NOT_USB_BOOTABLE'],
    });
    expect(info.warnings[0]?.message).toMatch(/only from a CD or DVD/);
  });

  it('reads a syslinux isohybrid as BIOS-bootable from USB through its 0x17 partition', async () => {
    const info = await inspectFile(path('syslinux'));
    expect(shape(info)).toEqual({
      path: path('syslinux'),
      size: size('syslinux'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'SYSLINUX',
      filesystems: ['iso9660', 'joliet', 'rockridge'],
      partitionTable: 'mbr',
      partitions: [{ index: 1, type: '0x17', start: 0, size: size('syslinux'), name: 'SYSLINUX' }],
      elTorito: { bios: true, uefi: false },
      usbBoot: { bios: true, uefi: false },
      windowsInstaller: false,
      warnings: ['BIOS_ONLY'],
    });
    expect(info.partitions).toEqual(sfdiskPartitions(path('syslinux'), ['SYSLINUX']));
  });

  it('reads an -isohybrid-gpt-basdat hybrid as BIOS and UEFI, its overlapping GPT as normal', async () => {
    const info = await inspectFile(path('hybrid'));
    expect(shape(info)).toEqual({
      path: path('hybrid'),
      size: size('hybrid'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'HYBRID_GPT',
      filesystems: ['iso9660', 'joliet', 'rockridge', 'fat'],
      // The MBR has no 0xEE entry: it is the table BIOS, firmware and Linux use.
      partitionTable: 'mbr',
      partitions: sfdiskPartitions(path('hybrid'), ['HYBRID_GPT', 'EFIBOOT']),
      elTorito: { bios: true, uefi: true },
      usbBoot: { bios: true, uefi: true },
      windowsInstaller: false,
      warnings: [],
    });
    expect(info.partitions.map((p) => p.type)).toEqual(['0x00', '0xef']);
  });

  it('reads an ISO with an appended ESP as a clean GPT, bootable by BIOS and UEFI', async () => {
    const info = await inspectFile(path('appended'));
    expect(shape(info)).toEqual({
      path: path('appended'),
      size: size('appended'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'APPENDED_ESP',
      filesystems: ['iso9660', 'joliet', 'rockridge', 'fat'],
      partitionTable: 'gpt',
      partitions: sfdiskPartitions(path('appended'), ['ISO9660', 'Appended2', 'Gap1']),
      elTorito: { bios: true, uefi: true },
      usbBoot: { bios: true, uefi: true },
      windowsInstaller: false,
      warnings: [],
    });
    expect(info.partitions[1]).toMatchObject({ index: 2, type: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b', size: 2 * 1024 * 1024 });
  });

  it('recognises a Windows installer by the files only its UDF tree shows, and says what to do instead', async () => {
    const info = await inspectFile(path('windows'));
    expect(shape(info)).toEqual({
      path: path('windows'),
      size: size('windows'),
      sizeIsEstimate: false,
      container: 'raw',
      label: 'WIN_INSTALL_TEST',
      filesystems: ['iso9660', 'joliet', 'udf'],
      partitionTable: null,
      partitions: [],
      elTorito: { bios: true, uefi: true },
      usbBoot: { bios: false, uefi: false },
      windowsInstaller: true,
      warnings: ['WINDOWS_INSTALLER', 'NOT_USB_BOOTABLE'],
    });
    expect(info.warnings[0]?.message).toMatch(/Media Creation Tool/);
  });

  it('finds Rock Ridge on a genisoimage disc with relocated deep directories', async () => {
    const info = await inspectFile(path('deep'));
    expect(info.filesystems).toEqual(['iso9660', 'rockridge']);
    expect(info.label).toBe('DEEP');
  });

  it('answers the same for the same bytes (no state leaks between inspections)', async () => {
    const first = await inspectFile(path('hybrid'));
    const second = await inspectFile(path('hybrid'));
    expect(second).toEqual(first);
  });
});
