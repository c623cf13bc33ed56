// Container detection, sizes read from the file, and the decoded byte view used by inspection.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmgImage, writeBinCue } from '../../test-support/fixtures/containers.js';
import { makeFile, tempDir } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';
import { openImage } from '../source.js';
import { ForwardBytes, openImageBytes } from './byte-view.js';
import { detectImage, detectStream } from './detect.js';
import { parseCue } from './cd-image.js';

const MiB = 1024 * 1024;

describe('detectImage', () => {
  const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
  it('recognises codecs by their magic, not by name', () => {
    expect(detectStream(bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00))).toBe('xz');
    expect(detectStream(bytes(0x1f, 0x8b, 0x08, 0))).toBe('gzip');
    expect(detectStream(bytes(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd');
    expect(detectStream(Buffer.from('BZh91AY&SY'))).toBe('bzip2');
    expect(detectStream(Buffer.from('BZh is just text'))).toBeNull();
  });

  it('recognises trailers (koly, conectix, NER5) and refusable virtual disks', () => {
    const tail = (magic: string, at: number): Uint8Array => {
      const t = Buffer.alloc(1024);
      t.write(magic, 1024 - at, 'latin1');
      return t;
    };
    const empty = Buffer.alloc(64 * 1024);
    expect(detectImage(empty, tail('koly', 512))).toBe('dmg');
    expect(detectImage(empty, tail('conectix', 512))).toBe('vhd');
    expect(detectImage(empty, tail('NER5', 12))).toBe('nrg');
    expect(detectImage(Buffer.from('QFI\xfb', 'latin1'), empty)).toBe('qcow2');
    expect(detectImage(Buffer.from('KDMV'), empty)).toBe('vmdk');
    expect(detectImage(Buffer.from('vhdxfile'), empty)).toBe('vhdx');
    expect(detectImage(empty, empty)).toBe('raw');
  });

  it('reads cue sheets: files, modes and INDEX 01 positions', () => {
    const tracks = parseCue('FILE "Game (Track 1).bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\nFILE "t2.bin" BINARY\n  TRACK 02 AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:02:00\n');
    expect(tracks).toEqual([
      { file: 'Game (Track 1).bin', mode: 'MODE2/2352', index0: null, index1: 0 },
      { file: 't2.bin', mode: 'AUDIO', index0: 0, index1: 150 },
    ]);
  });
});

const skip = missing({ tools: ['xz', 'zstd', 'gzip', 'bzip2', 'xorriso', 'zip'] });

describe.skipIf(skip !== null)('sizes and the decoded byte view', () => {
  const tmp = tempDir();
  const at = (n: string): string => join(tmp.dir, n);
  let iso: Buffer;
  beforeAll(() => {
    mkdirSync(at('tree'));
    makeFile(at('tree/data.bin'), 3 * MiB);
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-o', at('d.iso'), '-V', 'VIEW', at('tree')]);
    iso = readFileSync(at('d.iso'));
    for (const [tool, ext] of [['xz', 'xz'], ['zstd', 'zst'], ['gzip', 'gz'], ['bzip2', 'bz2']]) {
      writeFileSync(at(`d.iso.${ext}`), execFileSync(tool ?? '', ['-c', at('d.iso')], { maxBuffer: 1 << 26 }));
    }
  });
  afterAll(() => tmp.remove());

  it('takes exact sizes from the xz index and zstd frame header, and marks gzip and bzip2 as estimates', async () => {
    const xz = await openImage(at('d.iso.xz'));
    const zst = await openImage(at('d.iso.zst'));
    expect(xz).toMatchObject({ container: 'xz', size: iso.length, sizeIsEstimate: false });
    expect(zst).toMatchObject({ container: 'zstd', size: iso.length, sizeIsEstimate: false });
    const gz = await openImage(at('d.iso.gz'));
    expect(gz).toMatchObject({ size: iso.length, sizeIsEstimate: true });
    expect(gz.minSize).toBeLessThanOrEqual(iso.length);
    const bz = await openImage(at('d.iso.bz2'));
    expect(bz.sizeIsEstimate).toBe(true);
    expect(bz.minSize).toBeLessThanOrEqual(iso.length);
    for (const source of [xz, zst, gz, bz]) await source.close();
  });

  it('lets inspection read the ISO inside an xz, a DMG and a BIN/CUE at any offset', async () => {
    writeFileSync(at('d.dmg'), dmgImage(iso));
    writeBinCue(iso, at('d.bin'), at('d.cue'), 'd.bin', 1);
    for (const name of ['d.iso.xz', 'd.dmg', 'd.cue', 'd.iso']) {
      const view = await openImageBytes(at(name));
      try {
        expect(Buffer.from(await view.bytes.read(32768, 6)).toString('latin1', 1, 6)).toBe('CD001');
        const offset = iso.length - 5000;
        expect(Buffer.from(await view.bytes.read(offset, 4000)).equals(iso.subarray(offset, offset + 4000))).toBe(true);
        expect(Buffer.from(await view.bytes.read(100, 50)).equals(iso.subarray(100, 150))).toBe(true);
      } finally {
        await view.close();
      }
    }
  });

  it('decodes forward only up to its limit and says so with E_INSPECT_LIMIT', async () => {
    const source = await openImage(at('d.iso.zst'));
    const bytes = new ForwardBytes(source, 2 * MiB);
    expect((await bytes.read(MiB, 16)).length).toBe(16);
    await expect(bytes.read(3 * MiB, 16)).rejects.toMatchObject({ code: 'E_INSPECT_LIMIT' });
    await bytes.close();
    await source.close();
  });
});
