// The container fuzzer's generators (scripts/fuzz-containers.ts): every decoder in
// main/engine/sources gets a small well-formed file built from one hand-made ISO, with named
// fields the fuzzer sets to absurd values, plus bombs (zlib, gzip, xz padding, zstd, bzip2, a
// bzip2 bomb inside gzip, a deflate bomb in a zip, the alternating Rock Ridge .iso.gz). All built
// at test time, memoized per field set; the bzip2 ones need the bzip2 tool.

import { execFileSync } from 'node:child_process';
import { xzSync } from 'node-liblzma';
import { compress as zstdCompress } from 'zstd-napi';
import { crc32, deflateRawSync } from 'node:zlib';
import { rawSectors } from '../main/test-support/fixtures/containers.js';
import { pattern } from '../main/test-support/fixtures/content.js';
import { alternatingContinuations, deflateParts, gzipOf, handIso, udif, UDIF, zlibOf, type UdifChunk } from '../main/test-support/fixtures/hostile.js';
import { cueSheet, CUE_FIELDS, NRG_FIELDS, nrgDisc, VHD_FIELDS, vhdImage, ZIP_FIELDS, zipArchive, type Fields, type ZipInput } from '../main/test-support/fixtures/hostile-layouts.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What a case writes: the image file, and files beside it (a cue sheet's data file). */
export interface CaseFiles {
  main: Buffer;
  /** File name of the image (content decides the format; a cue sheet wants its name). */
  name: string;
  side?: Record<string, Buffer>;
}

export interface Generator {
  readonly fields: readonly string[];
  /** Tools the generator runs. */
  readonly tools?: readonly string[];
  build(fields: Fields): CaseFiles;
}

/** Files inside the base ISO that the fuzzer lists and reads through. */
export const BASE_FILES = ['README.TXT', 'DATA.BIN'];

let base: Buffer | null = null;
/** A 64 KiB Rock Ridge ISO with two files, built by hand (no tools). */
export function baseIso(): Buffer {
  if (base !== null) return base;
  const readme = Buffer.from('Imprint container fuzz base\n');
  const data = pattern(4096, 31);
  const image = Buffer.alloc(32 * 2048);
  handIso([{ name: 'README.TXT', extent: 24, size: readme.length }, { name: 'DATA.BIN', extent: 26, size: data.length }], image.length).copy(image);
  readme.copy(image, 24 * 2048);
  data.copy(image, 26 * 2048);
  base = image;
  return image;
}

const bzipCache = new Map<string, Buffer>();
function bzip2(input: Buffer, key: string): Buffer {
  let out = bzipCache.get(key);
  if (!out) {
    out = execFileSync('bzip2', ['-9c'], { input, maxBuffer: 1 << 28 });
    bzipCache.set(key, out);
  }
  return out;
}

let zeroStream: Buffer | null = null;
/** One bzip2 stream of 45 MB of zeros (about 50 bytes): one block at the format's largest expansion. */
const zeroBz2 = (): Buffer => (zeroStream ??= bzip2(Buffer.alloc(45_000_000), 'zeros'));

const raw = (name: string, main: Buffer): CaseFiles => ({ main, name });

function dmgChunks(iso: Buffer, fields: Fields, withBzip2: boolean): UdifChunk[] {
  const kinds = withBzip2 ? ['zlib', 'raw', 'bzip2', 'zlib'] : ['zlib', 'raw', 'zlib', 'raw'];
  const chunks: UdifChunk[] = [];
  for (let i = 0; i < 4; i++) {
    const data = iso.subarray(i * 32 * 512, (i + 1) * 32 * 512);
    const kind = data.every((b) => b === 0) ? 'zero' : kinds[i];
    const stored = kind === 'zlib' ? zlibOf([data]) : kind === 'raw' ? Buffer.from(data) : kind === 'bzip2' ? bzip2(data, `dmg${i}`) : Buffer.alloc(0);
    const type = kind === 'zlib' ? UDIF.zlib : kind === 'raw' ? UDIF.raw : kind === 'bzip2' ? UDIF.bzip2 : UDIF.zero;
    const chunk: UdifChunk = { type: fields[`chunk${i}.type`] ?? type, sectors: fields[`chunk${i}.sectors`] ?? data.length / 512, stored };
    for (const key of ['firstSector', 'storedOffset', 'storedLength'] as const) {
      const value = fields[`chunk${i}.${key}`];
      if (value !== undefined) chunk[key] = value;
    }
    chunks.push(chunk);
  }
  return chunks;
}

const DMG_FIELDS = [
  ...[0, 1, 2, 3].flatMap((i) => ['type', 'sectors', 'firstSector', 'storedOffset', 'storedLength'].map((k) => `chunk${i}.${k}`)),
  'sectorCount', 'dataFork', 'xmlOffset', 'xmlLength', 'chunkCount',
];

function dmg(iso: Buffer, fields: Fields, withBzip2: boolean): Buffer {
  const koly: Record<string, number> = {};
  for (const key of ['sectorCount', 'dataFork', 'xmlOffset', 'xmlLength', 'chunkCount']) if (fields[key] !== undefined) koly[key] = fields[key];
  return udif(dmgChunks(iso, fields, withBzip2), koly);
}

const ZIP_METHODS = [0, 8, 93, 95, 12] as const;

function zipOf(iso: Buffer, fields: Fields, stored?: { method: number; data: Buffer; size: number }): Buffer {
  const variant = Math.abs(fields.variant ?? 1);
  const method = stored?.method ?? ZIP_METHODS[variant % ZIP_METHODS.length] ?? 8;
  const compressed =
    stored?.data ??
    (method === 0 ? iso : method === 8 ? deflateRawSync(iso) : method === 93 ? zstdCompress(iso) : method === 95 ? xzSync(iso) : bzip2(iso, 'iso'));
  const readme = Buffer.from('read me first\n');
  const entries: ZipInput[] = [
    { name: 'disk.img', method, stored: compressed, size: stored?.size ?? iso.length, crc: crc32(iso) },
    { name: 'README.txt', method: 0, stored: readme, size: readme.length, crc: crc32(readme) },
  ];
  return zipArchive(entries, Math.floor(variant / ZIP_METHODS.length) % 2 === 1, fields);
}

export const GENERATORS: Record<string, Generator> = {
  raw: { fields: [], build: () => raw('disk.iso', baseIso()) },
  gzip: { fields: ['isize'], build: (f) => raw('disk.iso.gz', gzipOf([baseIso()], f.isize === undefined ? {} : { isize: f.isize })) },
  xz: { fields: [], build: () => raw('disk.iso.xz', xzSync(baseIso())) },
  zstd: { fields: [], build: () => raw('disk.iso.zst', zstdCompress(baseIso())) },
  bzip2: { fields: [], tools: ['bzip2'], build: () => raw('disk.iso.bz2', bzip2(baseIso(), 'iso')) },
  'gzip-in-xz': { fields: [], build: () => raw('disk.iso.gz.xz', xzSync(gzipOf([baseIso()]))) },
  zip: { fields: ['variant', ...ZIP_FIELDS], tools: ['bzip2'], build: (f) => raw('disk.zip', zipOf(baseIso(), f)) },
  dmg: { fields: DMG_FIELDS, tools: ['bzip2'], build: (f) => raw('disk.dmg', dmg(baseIso(), f, true)) },
  'vhd-fixed': { fields: VHD_FIELDS, build: (f) => raw('disk.vhd', vhdImage(baseIso(), false, f)) },
  'vhd-dynamic': { fields: VHD_FIELDS, build: (f) => raw('disk.vhd', vhdImage(Buffer.concat([baseIso(), Buffer.alloc(MiB)]), true, f)) },
  nrg1: { fields: NRG_FIELDS, build: (f) => raw('disc.nrg', nrgDisc(baseIso(), 1, f)) },
  nrg2: { fields: NRG_FIELDS, build: (f) => raw('disc.nrg', nrgDisc(baseIso(), 2, f)) },
  'cd-raw': { fields: [], build: () => raw('disc.bin', rawSectors(baseIso(), 1)) },
  cue: {
    fields: CUE_FIELDS,
    build: (f) => ({ main: Buffer.from(cueSheet(f), 'latin1'), name: 'disc.cue', side: { 'data.bin': rawSectors(baseIso(), 1) } }),
  },
  // Bombs: small files that decode to far more than they hold.
  'dmg-zlib-bomb': {
    fields: DMG_FIELDS,
    build: (f) => raw('bomb.dmg', udif([{ type: f['chunk0.type'] ?? UDIF.zlib, sectors: f['chunk0.sectors'] ?? 2048, stored: zlibOf([{ zeros: GiB }]) }])),
  },
  'gzip-bomb': { fields: ['isize'], build: (f) => raw('bomb.iso.gz', gzipOf([baseIso(), { zeros: 4 * GiB - baseIso().length - 1 }], { skipCrc: true, ...(f.isize === undefined ? {} : { isize: f.isize }) })) },
  'xz-padding': { fields: [], build: () => raw('padded.iso.xz', Buffer.concat([xzSync(baseIso()), Buffer.alloc(16 * MiB)])) },
  'zstd-bomb': {
    fields: [],
    build: () => {
      const zeros = zstdCompress(Buffer.alloc(16 * MiB));
      return raw('bomb.iso.zst', Buffer.concat([zstdCompress(baseIso()), ...Array.from({ length: 64 }, () => zeros)]));
    },
  },
  'bzip2-bomb': { fields: [], tools: ['bzip2'], build: () => raw('bomb.iso.bz2', Buffer.concat([bzip2(baseIso(), 'iso'), ...Array.from({ length: 24 }, zeroBz2)])) },
  'gz-bz2-bomb': {
    fields: ['isize'],
    tools: ['bzip2'],
    // The gzip trailer is never reached: its ISIZE may claim anything, and the bzip2 estimate is three times that.
    // 3 MiB of 50-byte bzip2 streams: more than the bzip2 reader reads ahead, so it never meets the gzip end.
    build: (f) => {
      const streams = Buffer.concat(Array.from({ length: Math.floor(MiB / zeroBz2().length) }, zeroBz2));
      return raw('bomb.bz2.gz', gzipOf([bzip2(baseIso(), 'iso'), { repeat: streams, times: 3 }], { skipCrc: true, isize: f.isize ?? 400 * MiB }));
    },
  },
  'zip-deflate-bomb': {
    fields: ['variant', ...ZIP_FIELDS],
    build: (f) => raw('bomb.zip', zipOf(baseIso(), f, { method: 8, data: deflateParts([baseIso(), { zeros: GiB }]), size: baseIso().length })),
  },
  'iso-gz-alternating': { fields: [], build: () => raw('alternating.iso.gz', gzipOf(alternatingContinuations({ files: 16, far: 64 * MiB, hops: 16 }))) },
};
