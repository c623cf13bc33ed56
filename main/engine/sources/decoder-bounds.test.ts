// Memory bounds inside the decoders (issue 9): the xz framing read below liblzma (the binding sets
// no memory limit, so a block's dictionary size is checked before liblzma sees it), and bzip2
// blocks decoded into a byte buffer rather than an array of numbers.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { pattern } from '../../test-support/fixtures/content.js';
import { udif, UDIF } from '../../test-support/fixtures/hostile.js';
import { tempDir } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';
import type { SourceReader } from '../source.js';
import { openImage } from '../source.js';
import { openDecoder } from './stream-decoders.js';
import { lzma2Dictionary, XzFraming } from './xz-framing.js';

const MiB = 1024 * 1024;
const skip = missing({ tools: ['xz', 'bzip2'] });

function bufferReader(bytes: Buffer): SourceReader {
  let at = 0;
  return {
    read: (into) => {
      const n = bytes.copy(into, 0, at, Math.min(bytes.length, at + into.length));
      at += n;
      return Promise.resolve(n);
    },
    close: () => Promise.resolve(),
  };
}

async function decodeAll(reader: SourceReader): Promise<Buffer> {
  const parts: Buffer[] = [];
  const chunk = Buffer.alloc(MiB);
  for (let n = await reader.read(chunk); n > 0; n = await reader.read(chunk)) parts.push(Buffer.from(chunk.subarray(0, n)));
  await reader.close();
  return Buffer.concat(parts);
}

describe.skipIf(skip !== null)('decoder memory bounds', () => {
  const tmp = tempDir('imprint-decoders-');
  afterAll(() => tmp.remove());
  const data = Buffer.concat([Buffer.alloc(300_000), pattern(700_000, 5), Buffer.from('x'.repeat(200_000))]);

  it('follows the framing of every kind of xz file the xz tool writes, and decodes them', async () => {
    const xz = (...args: string[]): Buffer => execFileSync('xz', ['-c', ...args], { input: data, maxBuffer: 1 << 26 });
    const variants: Record<string, Buffer> = {
      default: xz(),
      extreme: xz('-9e'),
      blocks: xz('-T2', '--block-size=100000'),
      bcj: xz('--x86', '--lzma2=preset=1'),
      delta: xz('--delta=dist=2', '--lzma2=preset=0'),
      sha256: xz('--check=sha256'),
      none: xz('--check=none'),
      concatenated: Buffer.concat([xz(), Buffer.alloc(64), xz('-0'), Buffer.alloc(1024)]),
    };
    for (const [name, file] of Object.entries(variants)) {
      const framing = new XzFraming();
      // Fed in odd pieces: every header may straddle two reads.
      for (let at = 0; at < file.length; at += 777) framing.feed(file.subarray(at, at + 777));
      const decoded = await decodeAll(openDecoder('xz', bufferReader(file), `${name}.xz`));
      expect(decoded.equals(name === 'concatenated' ? Buffer.concat([data, data]) : data), name).toBe(true);
    }
  });

  it('refuses an xz block asking for a 4 GiB dictionary before liblzma allocates it', async () => {
    const file = execFileSync('xz', ['-c', '--check=crc32'], { input: data });
    // The block header follows the 12-byte stream header: size, flags, LZMA2 filter id 0x21, properties size 1, dictionary.
    const headerSize = ((file[12] ?? 0) + 1) * 4;
    expect([file[14], file[15]]).toEqual([0x21, 0x01]);
    file[16] = 40; // 4 GiB - 1
    file.writeUInt32LE(crc32(file.subarray(12, 12 + headerSize - 4)), 12 + headerSize - 4);
    expect(lzma2Dictionary(40)).toBe(0xffffffff);
    const path = join(tmp.dir, 'huge-dictionary.img.xz');
    writeFileSync(path, file);
    await expect(openImage(path)).rejects.toMatchObject({
      code: 'E_IMAGE_UNSUPPORTED',
      message: expect.stringContaining('4096 MiB dictionary, more than the 128 MiB') as unknown,
    });
  });

  it('reads a DMG whose first chunk is bzip2 (hdiutil UDBZ) as a DMG, not as a bzip2 stream', async () => {
    const disk = Buffer.concat([pattern(64 * 1024, 9), Buffer.alloc(64 * 1024)]);
    const first = execFileSync('bzip2', ['-9c'], { input: disk.subarray(0, 64 * 1024) });
    const path = join(tmp.dir, 'udbz.dmg');
    writeFileSync(path, udif([{ type: UDIF.bzip2, sectors: 128, stored: first }, { type: UDIF.zero, sectors: 128, stored: Buffer.alloc(0) }]));
    const source = await openImage(path);
    try {
      expect(source).toMatchObject({ container: 'dmg', size: disk.length });
      expect((await decodeAll(await source.openReader())).equals(disk)).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('decodes a bzip2 block of 45 MB of zeros without an array of 45 million numbers', async () => {
    const bomb = execFileSync('bzip2', ['-9c'], { input: Buffer.alloc(45_000_000) });
    const before = process.resourceUsage().maxRSS * 1024;
    const reader = openDecoder('bzip2', bufferReader(bomb), 'zeros.bz2');
    const chunk = Buffer.alloc(MiB);
    let total = 0;
    for (let n = await reader.read(chunk); n > 0; n = await reader.read(chunk)) total += n;
    await reader.close();
    expect(total).toBe(45_000_000);
    // The block's own 45 MB buffer (and its growth), not 8 bytes per decoded byte.
    expect(process.resourceUsage().maxRSS * 1024 - before).toBeLessThan(160 * MiB);
  });
});
