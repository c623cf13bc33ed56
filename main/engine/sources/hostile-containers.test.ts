// The three small files that defeated the container decoders (issue 9), rebuilt at test time
// (scripts/fixtures/hostile.ts), and the bounds that now hold on them: memory for the DMG zlib
// bomb, reads for the xz stream padding, decoded bytes for the .iso.gz whose Rock Ridge
// continuation areas alternate between near and far offsets.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { xzSync } from 'node-liblzma';
import { afterAll, describe, expect, it } from 'vitest';
import { listImageDirectory } from '../../../app/inspect/image-files.js';
import { inspectImage } from '../../../app/inspect/inspect-image.js';
import { alternatingContinuations, gzipOf, handIso, udif, UDIF, zlibOf } from '../../test-support/fixtures/hostile.js';
import { tempDir } from '../../test-support/loop.js';
import { inspectImageFile } from '../inspect-file.js';
import { openImage } from '../source.js';
import { ForwardBytes, openImageBytes } from './byte-view.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The process's peak resident memory so far, in bytes (a high-water mark: it never goes down). */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

describe('the hostile files of issue 9', () => {
  const tmp = tempDir('imprint-hostile-');
  afterAll(() => tmp.remove());

  it('a 1 MB DMG whose zlib chunk inflates to 1 GiB is refused at the chunk size, without the memory', async () => {
    const path = join(tmp.dir, 'bomb.dmg');
    // One 1 MiB chunk (2048 sectors) whose zlib data decodes to 1 GiB of zeros.
    const bomb = zlibOf([{ zeros: GiB }]);
    expect(bomb.length).toBeLessThan(2 * MiB);
    writeFileSync(path, udif([{ type: UDIF.zlib, sectors: 2048, stored: bomb }]));
    const before = peakRss();
    const view = await openImageBytes(path);
    try {
      await expect(view.bytes.read(0, 4096)).rejects.toMatchObject({
        code: 'E_IMAGE_CORRUPT',
        message: expect.stringContaining('decodes to more than its 1048576 bytes') as unknown,
      });
    } finally {
      await view.close();
    }
    await expect(inspectImageFile(path)).rejects.toMatchObject({ code: 'E_IMAGE_CORRUPT' });
    // Inflating it whole took 2.2 GB in Electron's main process.
    expect(peakRss() - before).toBeLessThan(256 * MiB);
  });

  it('a DMG chunk claiming more than 64 MiB decoded is refused before anything is inflated', async () => {
    const path = join(tmp.dir, 'huge-chunk.dmg');
    writeFileSync(path, udif([{ type: UDIF.zlib, sectors: 1024 * 1024, stored: zlibOf([{ zeros: 4 * MiB }]) }]));
    await expect(openImage(path)).rejects.toMatchObject({ code: 'E_IMAGE_UNSUPPORTED', message: expect.stringContaining('hdiutil convert') as unknown });
  });

  it('an xz stream followed by 16 MiB of stream padding opens, decodes and inspects at once', async () => {
    const iso = handIso([{ name: 'README.TXT' }], 64 * 2048);
    const disk = Buffer.concat([iso, Buffer.alloc(64 * 2048 - iso.length)]);
    const path = join(tmp.dir, 'padded.iso.xz');
    writeFileSync(path, Buffer.concat([xzSync(disk), Buffer.alloc(16 * MiB)]));
    // Stripping the padding 4 bytes per read took 3 minutes (4 million reads).
    const source = await openImage(path);
    try {
      expect(source).toMatchObject({ container: 'xz', size: disk.length, sizeIsEstimate: false });
      const reader = await source.openReader();
      const out = Buffer.alloc(disk.length + 1);
      let filled = 0;
      for (let n = 1; n > 0; filled += n) n = await reader.read(out.subarray(filled));
      await reader.close();
      expect(out.subarray(0, filled).equals(disk)).toBe(true);
    } finally {
      await source.close();
    }
    expect((await inspectImageFile(path)).label).toBe('HOSTILE');
  }, 20_000);

  it('an .iso.gz whose Rock Ridge continuations alternate near and far is decoded once, not once per hop', async () => {
    // 64 files × 16 continuation hops, far areas 256 MiB in: each hop used to decode from byte 0 again.
    const parts = alternatingContinuations({ files: 64, far: 256 * MiB, hops: 16 });
    const path = join(tmp.dir, 'alternating.iso.gz');
    writeFileSync(path, gzipOf(parts));
    const view = await openImageBytes(path);
    try {
      const bytes = view.bytes;
      if (!(bytes instanceof ForwardBytes)) throw new Error('a gzip image is read through ForwardBytes');
      const info = await inspectImage(bytes, { path, container: 'gzip', sizeIsEstimate: true });
      expect(info.label).toBe('HOSTILE');
      expect(info.filesystems).toContain('rockridge');
      const names = await listImageDirectory(bytes, path, '/');
      expect(names).toHaveLength(64);
      // Each decoded page once: the far areas sit at 256–264 MiB.
      expect(bytes.pagesDecoded).toBeLessThanOrEqual(Math.ceil(bytes.size / MiB));
      expect(bytes.restarts).toBe(0);
    } finally {
      await view.close();
    }
  }, 30_000);

  it('counts every decoded byte, restarts included: with nothing set aside, the budget stops it as incomplete, not damaged', async () => {
    const path = join(tmp.dir, 'alternating-budget.iso.gz');
    writeFileSync(path, gzipOf(alternatingContinuations({ files: 64, far: 256 * MiB, hops: 16 })));
    const source = await openImage(path);
    // No spill: every hop back to the near areas restarts the decoder, charged to a 600 MiB budget.
    const bytes = new ForwardBytes(source, GiB, { budget: 600 * MiB, spillBytes: 0 });
    try {
      const info = await inspectImage(bytes, { path, container: 'gzip', sizeIsEstimate: true });
      expect(info.warnings.map((w) => w.code)).toContain('INSPECTION_INCOMPLETE');
      expect(info.warnings.find((w) => w.code === 'INSPECTION_INCOMPLETE')?.message).toContain('keep sending it back');
      expect(bytes.bytesDecoded).toBeLessThanOrEqual(600 * MiB);
      expect(bytes.restarts).toBeGreaterThan(0);
    } finally {
      await bytes.close();
      await source.close();
    }
  }, 30_000);

  it('stops decoding between pages once its signal is aborted', async () => {
    const path = join(tmp.dir, 'far.iso.gz');
    writeFileSync(path, gzipOf([handIso([], 900 * MiB, { rootSector: (800 * MiB) / 2048 }), { zeros: 900 * MiB }]));
    const source = await openImage(path);
    const controller = new AbortController();
    const bytes = new ForwardBytes(source, GiB, { signal: controller.signal });
    try {
      expect((await bytes.read(16 * 2048, 6)).length).toBe(6);
      controller.abort();
      await expect(bytes.read(800 * MiB, 2048)).rejects.toMatchObject({ code: 'E_CANCELLED' });
      expect(bytes.bytesDecoded).toBeLessThan(8 * MiB);
    } finally {
      await bytes.close();
      await source.close();
    }
  });
});
