// Hostile input: truncated downloads, random bytes and deliberately damaged descriptors end in a
// result or a typed "damaged image" error, within a time bound; never a crash or a hang.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { pattern } from '../../main/test-support/fixtures/content.js';
import { fatSuperfloppy, fixtureMissing, gptDisk, hybridIso, mbrDisk, plainIso, windowsIso } from '../../main/test-support/fixtures/images.js';
import { exercise, inspectBytes } from '../../main/test-support/fixtures/survive.js';
import { crc32 } from './binary.js';

const skip = fixtureMissing('iso', 'windows', 'disks');
/** Generous: real inspections take milliseconds; a loop or runaway read would take far longer. */
const TIME_BOUND_MS = 2000;
const SECTOR = 2048;

function cutPoints(size: number): number[] {
  const fixed = [1, 100, 446, 511, 512, 513, 1024, 4096, 16 * SECTOR, 16 * SECTOR + 100, 17 * SECTOR, 18 * SECTOR, 19 * SECTOR, 20 * SECTOR, 256 * SECTOR, 257 * SECTOR];
  const even = Array.from({ length: 40 }, (_, i) => Math.floor((size * (i + 1)) / 41));
  return [...new Set([...fixed, ...even])].filter((n) => n > 0 && n < size).sort((a, b) => a - b);
}

/** ISO 9660 primary root record and a directory record found by name (independent of the parser). */
function isoRecord(image: Buffer, name: string): number {
  const needle = Buffer.from(name, 'latin1');
  for (let at = image.indexOf(needle); at >= 0; at = image.indexOf(needle, at + 1)) {
    if ((image[at - 1] ?? 0) >= needle.length && (image[at - 33] ?? 0) >= 34) return at - 33;
  }
  throw new Error(`no record ${name}`);
}

function setBoth32(image: Buffer, at: number, value: number): void {
  image.writeUInt32LE(value >>> 0, at);
  image.writeUInt32BE(value >>> 0, at + 4);
}

describe.skipIf(skip !== null)('hostile images', () => {
  const tmp = tempDir('imprint-hostile-');
  const bytes: Record<string, Buffer> = {};

  beforeAll(() => {
    bytes.plain = readFileSync(plainIso(tmp.dir));
    bytes.hybrid = readFileSync(hybridIso(tmp.dir));
    bytes.windows = readFileSync(windowsIso(tmp.dir));
    bytes.mbr = readFileSync(mbrDisk(tmp.dir));
    bytes.gpt = readFileSync(gptDisk(tmp.dir));
    bytes.floppy = readFileSync(fatSuperfloppy(tmp.dir));
  });
  afterAll(() => tmp.remove());

  const copy = (name: string): Buffer => Buffer.from(bytes[name] ?? Buffer.alloc(0));

  for (const name of ['plain', 'hybrid', 'windows', 'mbr', 'gpt', 'floppy']) {
    it(`survives ${name} truncated at many points, and warns TRUNCATED once the size claim is readable`, async () => {
      const whole = copy(name);
      for (const cut of cutPoints(whole.length)) {
        const outcome = await exercise(whole.subarray(0, cut), ['README.TXT', 'docs/data.bin', 'sources/install.wim', 'EFI/BOOT/BOOTX64.EFI']);
        expect(outcome.ms, `cut at ${cut}`).toBeLessThan(TIME_BOUND_MS);
        expect(outcome.error?.code ?? 'E_IMAGE_CORRUPT', `cut at ${cut}`).toBe('E_IMAGE_CORRUPT');
        const codes = outcome.info?.warnings.map((w) => w.code) ?? [];
        const isoClaim = whole.toString('latin1', 32769, 32774) === 'CD001' ? whole.readUInt32LE(32768 + 80) * SECTOR : 0;
        if (cut >= 17 * SECTOR && cut < isoClaim) expect(codes, `cut at ${cut}`).toContain('TRUNCATED');
        if ((name === 'mbr' || name === 'gpt') && cut >= 512) expect(codes, `cut at ${cut}`).toContain('TRUNCATED');
      }
    });
  }

  it('survives random bytes of many sizes', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const size = [0, 1, 511, 512, 4096, 40_000, 300_000][seed % 7] ?? 0;
      const outcome = await exercise(pattern(size, seed), ['a/b', 'EFI/BOOT']);
      expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
    }
  });

  it('survives random bytes behind real signatures (ISO, GPT, FAT, UDF anchor)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const image = pattern(600 * 1024, seed);
      image.write('CD001', 32769, 'latin1');
      image[32768] = seed % 2 === 0 ? 1 : 2;
      image.write('EFI PART', 512, 'latin1');
      image.write('BEA01', 34817, 'latin1');
      image.write('NSR02', 36865, 'latin1');
      image.writeUInt16LE(2, 256 * SECTOR); // UDF anchor tag id
      image.writeUInt32LE(256, 256 * SECTOR + 12);
      image[510] = 0x55;
      image[511] = 0xaa;
      image.write('FAT16   ', 54, 'latin1');
      const outcome = await exercise(image, ['x', 'sources/install.wim']);
      expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
    }
  });

  it('stops at the path depth limit on an ISO directory that contains itself', async () => {
    const image = copy('plain');
    const root = image.readUInt32LE(32768 + 156 + 2);
    const rootLength = image.readUInt32LE(32768 + 156 + 10);
    const docs = isoRecord(image, 'DOCS');
    setBoth32(image, docs + 2, root);
    setBoth32(image, docs + 10, rootLength);
    const deep = Array.from({ length: 200 }, () => 'docs').join('/');
    const outcome = await exercise(image, ['docs/docs/docs/README.TXT', deep]);
    expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
    expect(outcome.info?.label).toBe('PLAIN_DATA');
  });

  it('reports a file whose extent lies past the end as damaged when it is read', async () => {
    const image = copy('plain');
    setBoth32(image, isoRecord(image, 'README.TXT') + 2, 0x7fffff00);
    const outcome = await exercise(image, ['README.TXT']);
    expect(outcome.info?.usbBoot).toEqual({ bios: false, uefi: false });
  });

  it('refuses an ISO directory that claims 4 GiB, and a root that does, with a warning', async () => {
    const image = copy('plain');
    setBoth32(image, isoRecord(image, 'DOCS') + 10, 0xfffff800);
    setBoth32(image, 32768 + 156 + 10, 0xfffff800);
    const outcome = await exercise(image, ['docs', 'docs/data.bin']);
    expect(outcome.info?.warnings.map((w) => w.code)).toContain('FILESYSTEM_DAMAGED');
  });

  it('bounds an El Torito section that claims 65535 entries', async () => {
    const image = copy('hybrid');
    const catalog = image.readUInt32LE(17 * SECTOR + 71) * SECTOR;
    const header = catalog + 64; // validation entry, default entry, then the first section header
    expect(image[header]).toBe(0x91);
    image.writeUInt16LE(0xffff, header + 2);
    const outcome = await exercise(image);
    expect(outcome.info?.elTorito).toEqual({ bios: true, uefi: true });
  });

  it('rejects a GPT header that claims 2^32 entries and falls back to the backup', async () => {
    const image = copy('gpt');
    image.writeUInt32LE(0xffffffff, 512 + 80);
    image.writeUInt32LE(0, 512 + 16);
    image.writeUInt32LE(crc32(image.subarray(512, 512 + 92)), 512 + 16);
    const outcome = await exercise(image);
    expect(outcome.info?.partitions).toHaveLength(2);
    expect(outcome.info?.warnings.map((w) => w.code)).toContain('PARTITION_TABLE_DAMAGED');
  });

  it('survives a FAT directory whose cluster chain loops onto itself', async () => {
    const image = copy('floppy');
    const rootStart = (1 + 2 * image.readUInt16LE(22)) * 512; // reserved + FATs (FAT12 floppy)
    let cluster = 0;
    for (let at = rootStart; at < rootStart + 224 * 32; at += 32) {
      if (image.toString('latin1', at, at + 11) === 'MANY       ') cluster = image.readUInt16LE(at + 26);
    }
    expect(cluster).toBeGreaterThan(1);
    const fat = 512 + Math.floor(cluster * 1.5);
    const pair = image.readUInt16LE(fat);
    image.writeUInt16LE(cluster % 2 === 0 ? (pair & 0xf000) | cluster : (pair & 0x000f) | (cluster << 4), fat);
    const outcome = await exercise(image, ['many', 'many/file number 01 with a long name.txt']);
    expect(outcome.info?.usbBoot.uefi).toBe(true);
  });

  it('survives UDF descriptors with absurd partition map counts and a 2^40-byte root directory', async () => {
    const image = copy('windows');
    const anchor = 256 * SECTOR;
    const vds = image.readUInt32LE(anchor + 20);
    let partitionStart = 0;
    let fsd = 0;
    for (let block = vds; block < vds + 16; block++) {
      const at = block * SECTOR;
      const tag = image.readUInt16LE(at);
      if (tag === 5) partitionStart = image.readUInt32LE(at + 188);
      if (tag === 6) {
        image.writeUInt32LE(0xffffffff, at + 268); // number of partition maps
        fsd = image.readUInt32LE(at + 252);
      }
    }
    const rootFe = (partitionStart + image.readUInt32LE((partitionStart + fsd) * SECTOR + 404)) * SECTOR;
    expect(image.readUInt16LE(rootFe)).toBe(261);
    image.writeUInt32LE(0, rootFe + 56);
    image.writeUInt32LE(0x100, rootFe + 60); // information length 2^40
    const outcome = await exercise(image, ['sources/install.wim', 'bootmgr']);
    expect(outcome.info?.windowsInstaller).toBe(false);
    expect(outcome.info?.warnings.map((w) => w.code)).toContain('FILESYSTEM_DAMAGED');
  });

  it('survives a Rock Ridge continuation area that continues into itself', async () => {
    const image = copy('plain');
    const rootAt = image.readUInt32LE(32768 + 156 + 2) * SECTOR;
    const dot = image.subarray(rootAt, rootAt + (image[rootAt] ?? 0));
    const ce = dot.indexOf(Buffer.from('CE'), 34);
    expect(ce).toBeGreaterThan(0);
    const target = dot.readUInt32LE(ce + 4) * SECTOR + dot.readUInt32LE(ce + 12);
    // Write at the continuation area a CE entry that points back at the area itself.
    Buffer.from(dot.subarray(ce, ce + 28)).copy(image, target);
    const outcome = await exercise(image, ['README.TXT']);
    expect(outcome.ms).toBeLessThan(TIME_BOUND_MS);
    expect(outcome.info?.label).toBe('PLAIN_DATA');
  });

  it('throws E_IMAGE_EMPTY for an empty image', async () => {
    const outcome = await inspectBytes(new Uint8Array(0));
    expect(outcome.error?.code).toBe('E_IMAGE_EMPTY');
  });
});
