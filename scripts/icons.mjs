// Renders build/icon.svg into every icon electron-builder packages (npm run icons):
//   build/icons/<n>x<n>.png   Linux: electron-builder's icon-set folder (linux.icon), installed into hicolor
//   build/icon.ico            Windows: PNG-compressed entries 16–256 (win.icon, the installer, the window)
//   build/icon.icns           macOS: PNG-typed entries 16–1024 (mac.icon, the dmg)
// The containers are written here, byte by byte, so nothing but resvg stands between the SVG and the
// files. The output is deterministic (resvg's own PNG encoder, no timestamps, fixed order): the
// committed files are inputs to packaging, and scripts/icons.test.ts regenerates them and compares.
//
// node scripts/icons.mjs [out-dir]   (default: build/, beside the SVG)
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
export const SOURCE = join(BUILD, 'icon.svg');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows draws 16–256 from an .ico; 256 is the largest an ICONDIRENTRY can say (written as 0). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/**
 * Apple's PNG-typed ICNS elements: [OSType, pixels]. @2x elements carry twice their point size
 * (ic11 is 16 pt at 2x = 32 px). icp4/icp5 give Finder's list views real 16 and 32 px renditions.
 */
export const ICNS_TYPES = [
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

/** The SVG at `size` × `size` pixels, as PNG bytes. No fonts are loaded: the icon has no text. */
export function renderPng(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/** ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image + the PNG data, little-endian. */
export function icoFile(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be a cursor)
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // width; 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1); // height
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel: RGBA
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(({ png }) => png)]);
}

/** 'icns' + total length, then per element its OSType + length (8 + data) + PNG data, big-endian. */
export function icnsFile(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 4, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 4, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Every icon file, by path relative to the output folder. */
export function iconFiles(svg) {
  const png = new Map(PNG_SIZES.map((size) => [size, renderPng(svg, size)]));
  const files = new Map(PNG_SIZES.map((size) => [`icons/${size}x${size}.png`, png.get(size)]));
  files.set('icon.ico', icoFile(ICO_SIZES.map((size) => ({ size, png: png.get(size) }))));
  files.set('icon.icns', icnsFile(ICNS_TYPES.map(([type, size]) => ({ type, png: png.get(size) }))));
  return files;
}

export function writeIcons(outDir) {
  const files = iconFiles(readFileSync(SOURCE));
  for (const [name, bytes] of files) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), bytes);
  }
  return [...files.keys()];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? BUILD);
  const written = writeIcons(outDir);
  console.log(`icons: ${written.length} files from ${SOURCE} into ${outDir}`);
}
