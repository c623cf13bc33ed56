// The committed icons (build/icons/*.png, build/icon.ico, build/icon.icns) are inputs to packaging:
// they must be exactly what `npm run icons` makes of build/icon.svg today, and the containers must
// be what Windows and macOS expect. Regenerated into a temp folder by the real script, compared
// byte for byte, parsed here, and read back by independent Debian tools (icoutils, icnsutils, file).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../main/test-support/loop.js';
import { missing } from '../main/test-support/prereq.js';

const root = join(__dirname, '..');
const build = join(root, 'build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// Apple's PNG-typed ICNS elements and their pixel sizes (the @2x ones carry twice their point size).
const ICNS_ELEMENTS: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];
const GENERATED = [...PNG_SIZES.map((n) => `icons/${n}x${n}.png`), 'icon.ico', 'icon.icns'].sort();

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** Width and height from a PNG's IHDR, after checking the signature and that IHDR comes first. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

const committed = (name: string): Buffer => readFileSync(join(build, name));
const png = (size: number): Buffer => committed(`icons/${size}x${size}.png`);

describe('app icons', () => {
  const tmp = tempDir('imprint-icons-');
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts', 'icons.mjs'), tmp.dir], { stdio: 'pipe' });
  });
  afterAll(() => tmp.remove());

  it('are exactly what build/icon.svg renders to today (run "npm run icons" after changing it)', () => {
    expect(listFiles(tmp.dir).sort()).toEqual(GENERATED);
    expect(listFiles(join(build, 'icons')).sort(), 'build/icons holds the generated set only').toEqual(GENERATED.filter((f) => f.startsWith('icons/')).map((f) => f.slice(6)));
    for (const name of GENERATED) expect(readFileSync(join(tmp.dir, name)).equals(committed(name)), `${name} is stale`).toBe(true);
  });

  it('the render is the same bytes every time', () => {
    const again = tempDir('imprint-icons-again-');
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'icons.mjs'), again.dir], { stdio: 'pipe' });
      for (const name of GENERATED) expect(readFileSync(join(again.dir, name)).equals(readFileSync(join(tmp.dir, name))), name).toBe(true);
    } finally {
      again.remove();
    }
  });

  it('PNGs: one per size of the Linux set, RGBA, named <n>x<n>.png', () => {
    for (const size of PNG_SIZES) {
      const file = png(size);
      expect(pngSize(file), `${size}x${size}.png`).toEqual([size, size]);
      expect([file[24], file[25]], 'bit depth 8, colour type 6 (RGBA)').toEqual([8, 6]);
    }
  });

  it('brings its own background: transparent corners, an opaque tile, at 16 px too', () => {
    const image = new Resvg(readFileSync(join(build, 'icon.svg')), { fitTo: { mode: 'width', value: 16 } }).render();
    const alpha = (x: number, y: number): number => image.pixels[(y * image.width + x) * 4 + 3] ?? -1;
    expect([image.width, image.height]).toEqual([16, 16]);
    expect([alpha(0, 0), alpha(15, 0), alpha(0, 15), alpha(15, 15)]).toEqual([0, 0, 0, 0]);
    for (const [x, y] of [[2, 8], [8, 2], [8, 8], [13, 8], [8, 13]] as const) expect(alpha(x, y), `pixel ${x},${y}`).toBe(255);
  });

  it('icon.ico: ICONDIR, one ICONDIRENTRY per size, the PNGs back to back', () => {
    const ico = committed('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], 'reserved, type icon, count').toEqual([0, 1, ICO_SIZES.length]);
    let expectedOffset = 6 + 16 * ICO_SIZES.length;
    ICO_SIZES.forEach((size, i) => {
      const entry = ico.subarray(6 + 16 * i, 6 + 16 * (i + 1));
      // Width and height are one byte each: 0 stands for 256.
      expect([entry[0], entry[1], entry[2], entry[3]], `entry ${i}: width, height, palette, reserved`).toEqual([size % 256, size % 256, 0, 0]);
      expect([entry.readUInt16LE(4), entry.readUInt16LE(6)], 'planes, bits per pixel').toEqual([1, 32]);
      const length = entry.readUInt32LE(8);
      const offset = entry.readUInt32LE(12);
      expect(offset).toBe(expectedOffset);
      const data = ico.subarray(offset, offset + length);
      expect(pngSize(data)).toEqual([size, size]);
      expect(data.equals(png(size)), `${size} px entry is build/icons/${size}x${size}.png`).toBe(true);
      expectedOffset += length;
    });
    expect(expectedOffset, 'the last image ends the file').toBe(ico.length);
  });

  it('icon.icns: "icns" and the file length, then PNG-typed elements 16–1024', () => {
    const icns = committed('icon.icns');
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.subarray(at, at + 4).toString('latin1');
      const length = icns.readUInt32BE(at + 4);
      expect(length, `${type} length`).toBeGreaterThan(8);
      const data = icns.subarray(at + 8, at + length);
      const [width, height] = pngSize(data);
      expect(height).toBe(width);
      expect(data.equals(png(width)), `${type} is build/icons/${width}x${width}.png`).toBe(true);
      found.push([type, width]);
      at += length;
      expect(at, 'elements stay inside the file').toBeLessThanOrEqual(icns.length);
    }
    expect(found).toEqual(ICNS_ELEMENTS);
  });

  describe('read back by independent tools', () => {
    const skip = missing({ tools: ['icotool', 'icns2png', 'file'] });

    it.skipIf(skip !== null)('icotool (icoutils) lists every size and extracts the very same PNGs; file names both formats', () => {
      const listed = execFileSync('icotool', ['-l', join(build, 'icon.ico')], { encoding: 'utf8' }).trim().split('\n');
      expect(listed).toEqual(ICO_SIZES.map((n, i) => `--icon --index=${i + 1} --width=${n} --height=${n} --bit-depth=32 --palette-size=0`));
      const out = tempDir('imprint-icotool-');
      try {
        execFileSync('icotool', ['-x', '-o', out.dir, join(build, 'icon.ico')]);
        ICO_SIZES.forEach((n, i) => expect(readFileSync(join(out.dir, `icon_${i + 1}_${n}x${n}x32.png`)).equals(png(n)), `icotool's ${n} px`).toBe(true));
      } finally {
        out.remove();
      }
      const described = execFileSync('file', ['-b', join(build, 'icon.ico'), join(build, 'icon.icns')], { encoding: 'utf8' });
      expect(described).toMatch(new RegExp(`^MS Windows icon resource - ${ICO_SIZES.length} icons, 16x16 with PNG image data`, 'm'));
      expect(described).toMatch(new RegExp(`^Mac OS X icon, ${committed('icon.icns').length} bytes, "icp4" type`, 'm'));
    });

    it.skipIf(skip !== null)('icns2png (icnsutils) walks every element and decodes the sizes it knows', () => {
      // libicns 0.8 names every element but only decodes ic08/ic09/ic10 (it warns about the newer types).
      const listing = execFileSync('icns2png', ['-l', join(build, 'icon.icns')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(listing).toContain(`Icon family size is ${committed('icon.icns').length} bytes`);
      const elements = [...listing.matchAll(/^\s+'(\w{4})' .*\((\d+) bytes(?: compressed to (\d+))?\)$/gm)].map((m) => [m[1], Number(m[3] ?? m[2])]);
      expect(elements).toEqual(ICNS_ELEMENTS.map(([type, size]) => [type, png(size).length]));
      expect(listing).toContain(`${ICNS_ELEMENTS.length} elements total`);
      const out = tempDir('imprint-icns2png-');
      try {
        execFileSync('icns2png', ['-x', '-o', out.dir, join(build, 'icon.icns')], { stdio: 'pipe' });
        for (const n of [256, 512, 1024]) expect(pngSize(readFileSync(join(out.dir, `icon_${n}x${n}x32.png`))), `icns2png's ${n} px`).toEqual([n, n]);
      } finally {
        out.remove();
      }
    });
  });
});
