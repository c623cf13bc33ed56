// Imprint's boot verdict checked against real firmware: each distinct boot path among the fixture
// images is inspected, then booted from a USB disk under SeaBIOS and OVMF (QEMU, TCG), and the
// verdict must agree with what the firmware did: BIOS "yes" ⇔ SeaBIOS ran the boot code and it
// loaded on; UEFI "yes" ⇔ OVMF started a loader from the stick; UEFI "probably" (only the CD boot
// catalog leads to a loader) is what Debian's OVMF starts too, as EDK II reads the catalog on disks.
//
// The fixtures' \EFI\BOOT\BOOTX64.EFI is a 3 KB stand-in, not a PE image, and no firmware starts it
// (the first test shows OVMF passing over it like a missing file). The stick booted for UEFI is
// therefore a copy of the fixture with a real loader put in its place with mtools: iPXE's
// snponly.efi (Debian package ipxe), which prints "iPXE initialising devices" once it runs, the
// proof that the firmware did not only find but start it. Imprint's verdict on the copy must be the
// one on the fixture.
//
// Boot paths, not every fixture: deep.iso and multi.iso are data discs like plain.iso; compressed
// and container fixtures decode to these same bytes; hostile fixtures test the parsers, not boot.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../app/inspect/image-info.js';
import { uefiBoot, type UefiBoot } from '../../app/inspect/verdict.js';
import { runImprint } from './cli.js';
import {
  appendedEspIso,
  biosIso,
  fatSuperfloppy,
  fixtureMissing,
  gptDisk,
  hybridIso,
  mbrDisk,
  plainIso,
  syslinuxIso,
  udfImage,
  windowsIso,
} from './fixtures/images.js';
import { inspectFile, sfdiskTable } from './fixtures/inspect-file.js';
import { blankLoop, readDevice, tempDir, type LoopDevice } from './loop.js';
import { missing } from './prereq.js';
import { bootStick, clean, qemuBootMissing, readsAfterJump, type BootResult } from './qemu-boot.js';

const IPXE_ISO = '/usr/lib/ipxe/ipxe.iso';
const REAL_LOADER = '/usr/lib/ipxe/snponly.efi';
const IPXE_RUNS = /iPXE initialising devices/;
const ISOLINUX_RUNS = /ISOLINUX \d/;
const MiB = 1024 * 1024;

const skip = qemuBootMissing() ?? fixtureMissing('iso', 'syslinux', 'windows', 'disks', 'udf') ?? missing({ tools: ['mdir', 'mcopy', 'sfdisk'], files: [IPXE_ISO, REAL_LOADER] });

/** Copy of `image` whose every \EFI\BOOT\BOOTX64.EFI (whole-image FAT and FAT partitions) is iPXE's real loader. */
function withRealLoader(image: string, out: string): { path: string; replaced: number } {
  copyFileSync(image, out);
  let starts: number[] = [];
  try {
    starts = sfdiskTable(out).partitions.map((p) => p.start * 512);
  } catch {
    // No partition table: only a whole-image FAT can hold the loader.
  }
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  let replaced = 0;
  for (const offset of [0, ...new Set(starts)]) {
    const target = offset === 0 ? out : `${out}@@${offset}`;
    try {
      execFileSync('mdir', ['-b', '-i', target, '::/EFI/BOOT/BOOTX64.EFI'], { stdio: 'ignore', env });
    } catch {
      continue; // no FAT here, or no loader in it
    }
    execFileSync('mcopy', ['-o', '-i', target, REAL_LOADER, '::/EFI/BOOT/BOOTX64.EFI'], { stdio: 'ignore', env });
    replaced++;
  }
  return { path: out, replaced };
}

/** The verdict as inspection gives it (the UEFI answer from the same facts decideVerdict used). */
function verdictOf(info: ImageInfo): { bios: boolean; uefi: UefiBoot } {
  return {
    bios: info.usbBoot.bios,
    uefi: uefiBoot({ uefiLoader: info.usbBoot.uefi, elTorito: info.elTorito, windowsInstaller: info.windowsInstaller }),
  };
}

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Row {
  image: string;
  firmware: string;
  verdict: string;
  started: boolean;
  outcome: string;
  seconds: number;
}

// Every boot of this file, printed as one table at the end (image × firmware × verdict × what it did).
const rows: Row[] = [];
const t0 = Date.now();
const record = (image: string, verdict: string, result: BootResult): BootResult => {
  rows.push({ image, firmware: result.firmware, verdict, started: result.started, outcome: result.outcome, seconds: result.seconds });
  return result;
};
afterAll(() => {
  if (rows.length === 0) return;
  const line = (r: Row): string =>
    `${r.image.padEnd(14)} ${r.firmware.padEnd(8)} ${r.verdict.padEnd(9)} ${String(r.started).padEnd(8)} ${r.outcome.padEnd(15)} ${r.seconds.toFixed(1)} s`;
  const total = Math.round((Date.now() - t0) / 1000);
  console.log(['image          firmware verdict   started  outcome         time', ...rows.map(line), `${rows.length} boots; ${total} s for the file`].join('\n'));
});

describe.skipIf(skip !== null)('boot verdicts against SeaBIOS and OVMF', () => {
  // Made in beforeAll, which does not run when every test here is filtered out: nothing is left behind.
  let tmp = { dir: '', remove: (): void => undefined };
  const fixtures: Record<string, string> = {};

  beforeAll(() => {
    tmp = tempDir('imprint-qemu-boot-');
    fixtures.plain = plainIso(tmp.dir);
    fixtures.bios = biosIso(tmp.dir);
    fixtures.syslinux = syslinuxIso(tmp.dir);
    fixtures.hybrid = hybridIso(tmp.dir);
    fixtures.appended = appendedEspIso(tmp.dir);
    fixtures.windows = windowsIso(tmp.dir);
    fixtures.mbr = mbrDisk(tmp.dir);
    fixtures.gpt = gptDisk(tmp.dir);
    fixtures.floppy = fatSuperfloppy(tmp.dir);
    fixtures.udf = udfImage(tmp.dir, '0x0201', 'UDF_DATA');
    fixtures.ipxe = IPXE_ISO;
  });

  afterAll(() => tmp.remove());

  it('counts only what the firmware really started: OVMF passes over a loader that is not a PE image', async () => {
    const image = fixtures.gpt ?? '';
    const before = sha(readFileSync(image));
    const fake = record('gpt (fake)', 'yes', await bootStick(image, { firmware: 'ovmf' }));
    expect(fake.started, fake.evidence).toBe(false);
    expect(fake.outcome).toBe('no-loader');
    expect(fake.evidence).toMatch(/BdsDxe: failed to load Boot0001 "[^"]*" from \S*USB\(0x0,0x0\)\S*: Not Found/);
    // Booted through the zero-padded overlay (the file is under 64 MiB): the image itself is untouched.
    expect(sha(readFileSync(image))).toBe(before);
  }, 120_000);

  // image → the verdict Imprint must give, and what the started code prints (its proof of running).
  const cases: Array<{ name: string; bios: boolean; uefi: UefiBoot; biosPrints?: RegExp }> = [
    { name: 'plain', bios: false, uefi: 'no' }, // data disc: no 55 AA, no catalog
    { name: 'bios', bios: false, uefi: 'no' }, // El Torito BIOS entry only, no MBR: CD only
    { name: 'syslinux', bios: true, uefi: 'no', biosPrints: ISOLINUX_RUNS }, // isohybrid MBR, BIOS catalog
    { name: 'hybrid', bios: true, uefi: 'yes', biosPrints: ISOLINUX_RUNS }, // isohdpfx + 0xEF partition (no 0xEE)
    { name: 'appended', bios: true, uefi: 'yes', biosPrints: ISOLINUX_RUNS }, // GPT with an appended ESP
    { name: 'windows', bios: false, uefi: 'no' }, // zeroed system area; its El Torito UEFI image holds no loader
    { name: 'mbr', bios: false, uefi: 'no' }, // sfdisk MBR: 55 AA over zeroed boot code, no ESP
    { name: 'gpt', bios: false, uefi: 'yes' }, // protective MBR with zeroed code, ESP
    { name: 'floppy', bios: false, uefi: 'yes' }, // FAT superfloppy: mkfs.fat's "not a bootable disk" stub
    { name: 'udf', bios: false, uefi: 'no' }, // pure UDF on a whole disk
    { name: 'ipxe', bios: true, uefi: 'probably', biosPrints: IPXE_RUNS }, // UEFI only through the catalog
  ];

  it.each(cases)('$name: the verdict (BIOS $bios, UEFI $uefi) is what SeaBIOS and OVMF do', async (c) => {
    const image = fixtures[c.name] ?? '';
    const info = await inspectFile(image);
    expect(verdictOf(info)).toEqual({ bios: c.bios, uefi: c.uefi });
    if (c.uefi === 'probably') expect(info.warnings.map((w) => w.message).join('\n')).toMatch(/UEFI computers probably start it/);

    // For UEFI, boot a copy holding a real loader where the fixture has its stand-in.
    let stick = image;
    if (c.uefi === 'yes') {
      const copy = withRealLoader(image, join(tmp.dir, `${c.name}-real-loader.img`));
      expect(copy.replaced).toBeGreaterThan(0);
      const again = await inspectFile(copy.path);
      expect({ ...verdictOf(again), warnings: again.warnings }).toEqual({ ...verdictOf(info), warnings: info.warnings });
      stick = copy.path;
    }

    // A "yes" must be proven by what the started code prints; against a "no", any start counts.
    const seabios = record(c.name, c.bios ? 'yes' : 'no', await bootStick(stick, { firmware: 'seabios', expectOutput: c.bios ? c.biosPrints : undefined }));
    expect(seabios.started, seabios.evidence).toBe(c.bios);
    const ovmf = record(c.name, c.uefi, await bootStick(stick, { firmware: 'ovmf', expectOutput: c.uefi === 'no' ? undefined : IPXE_RUNS }));
    // "probably": Debian's OVMF (EDK II) reads the CD boot catalog on a USB disk and starts the loader;
    // firmware that reads it only from CDs would not, which is why the verdict says "probably".
    expect(ovmf.started, ovmf.evidence).toBe(c.uefi !== 'no');
    if (!ovmf.started) expect(ovmf.outcome).toBe('no-loader');
  }, 150_000);
});

// Writing to a device and booting the device: the rig works on block devices, not only on files.
const skipDevice = skip ?? missing({ root: true, tools: ['losetup', 'blockdev'] });

describe.skipIf(skipDevice !== null)('booting a loop device written by imprint flash', () => {
  let tmp = { dir: '', remove: (): void => undefined };
  let stick: LoopDevice | null = null;

  beforeAll(() => {
    tmp = tempDir('imprint-qemu-device-');
  });

  afterAll(() => {
    stick?.detach();
    tmp.remove();
  });

  it('boots the written device under SeaBIOS and OVMF, and the boots change nothing on it', async () => {
    const image = withRealLoader(hybridIso(tmp.dir), join(tmp.dir, 'hybrid-real-loader.iso')).path;
    stick = blankLoop(tmp.dir, 'stick.img', 64 * MiB);
    const run = await runImprint(['flash', image, stick.device, '--yes', '--no-eject']);
    expect(run.code, run.stderr).toBe(0);
    const before = sha(readDevice(stick.device, 64 * MiB));

    const seabios = record('loop (hybrid)', 'yes', await bootStick(stick.device, { firmware: 'seabios', expectOutput: ISOLINUX_RUNS }));
    expect(seabios.started, seabios.evidence).toBe(true);
    const ovmf = record('loop (hybrid)', 'yes', await bootStick(stick.device, { firmware: 'ovmf', expectOutput: IPXE_RUNS }));
    expect(ovmf.started, ovmf.evidence).toBe(true);
    expect(ovmf.evidence).toMatch(/BdsDxe: starting Boot0001 "[^"]*" from \S*USB\(0x0,0x0\)/);

    expect(sha(readDevice(stick.device, 64 * MiB))).toBe(before);
  }, 180_000);
});

describe('reading the firmware logs', () => {
  it('counts the reads after SeaBIOS loads sector 0, not that read itself', () => {
    const trace = [
      'scsi_disk_dma_command_READ Read (sector 0, count 1)',
      'scsi_disk_dma_command_READ Read (sector 156, count 1)',
      'scsi_disk_dma_command_READ Read (sector 160, count 60)',
    ].join('\n');
    expect(readsAfterJump(trace)).toEqual({ commands: 2, sectors: 61 });
    expect(readsAfterJump(trace.split('\n')[0] ?? '')).toEqual({ commands: 0, sectors: 0 });
    expect(readsAfterJump('')).toEqual({ commands: 0, sectors: 0 });
  });

  it('strips terminal escapes, carriage returns and backspaced spinners from console text', () => {
    expect(clean('\x1b[2J\x1b[01;01HBdsDxe: starting\r\n\x1b[1m\x1b[37miPXE\x1b[0m ok\x08 \x08\x08 \x08done')).toBe('BdsDxe: starting\niPXE okdone');
  });
});
