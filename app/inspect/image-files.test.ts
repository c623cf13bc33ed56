// Browsing and extracting files without mounting: what comes out is byte for byte what went in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import {
  DEEP_PATH,
  deepRockRidgeIso,
  fatSuperfloppy,
  fixtureMissing,
  FLOPPY_FILES,
  hybridIso,
  ISO_FILES,
  multiExtentIso,
  plainIso,
  windowsIso,
  WINDOWS_FILES,
} from '../../main/test-support/fixtures/images.js';
import { readAll, withFile } from '../../main/test-support/fixtures/inspect-file.js';
import { useAllocationExtent, useLongAllocationDescriptors } from '../../main/test-support/fixtures/udf-patch.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImprintError } from '../errors.js';
import type { DirEntry } from './file-tree.js';
import { listImageDirectory, openImageFile } from './image-files.js';

const skip = fixtureMissing('iso', 'windows', 'deepRockRidge', 'disks');

function names(entries: DirEntry[]): string[] {
  return entries.map((e) => (e.kind === 'directory' ? `${e.name}/` : e.name)).sort();
}

describe.skipIf(skip !== null)('ls and extract inside images', () => {
  const tmp = tempDir('imprint-files-');
  const image: Record<string, string> = {};

  beforeAll(() => {
    image.plain = plainIso(tmp.dir);
    image.hybrid = hybridIso(tmp.dir);
    image.windows = windowsIso(tmp.dir);
    image.deep = deepRockRidgeIso(tmp.dir);
    image.multi = multiExtentIso(tmp.dir);
    image.floppy = fatSuperfloppy(tmp.dir);
  });
  afterAll(() => tmp.remove());

  const path = (name: string): string => image[name] ?? '';
  const ls = (name: string, dir: string): Promise<DirEntry[]> =>
    withFile(path(name), (source) => listImageDirectory(source, path(name), dir));
  const extract = (name: string, file: string): Promise<Buffer> =>
    withFile(path(name), async (source) => readAll(await openImageFile(source, path(name), file)));

  it('lists the root and subfolders of an ISO with Rock Ridge names and sizes', async () => {
    expect(names(await ls('plain', '/'))).toEqual(['README.TXT', 'docs/']);
    const docs = await ls('plain', 'docs');
    expect(names(docs)).toEqual(['A long file name, with spaces.txt', 'data.bin', 'sub/']);
    expect(docs.find((e) => e.name === 'data.bin')).toEqual({ name: 'data.bin', kind: 'file', size: 70_000 });
  });

  it('extracts every file of the ISO tree byte for byte', async () => {
    for (const [file, content] of Object.entries(ISO_FILES)) {
      expect((await extract('plain', file)).equals(content), file).toBe(true);
    }
  });

  it('finds paths case-insensitively and with either separator', async () => {
    const content = ISO_FILES['docs/sub/deeper/leaf.txt'];
    expect((await extract('plain', '\\DOCS\\SUB\\Deeper\\LEAF.TXT')).equals(content ?? Buffer.alloc(0))).toBe(true);
  });

  it('reads the EFI boot image inside a hybrid ISO', async () => {
    const efi = await extract('hybrid', 'boot/efi.img');
    expect(efi.length).toBe(1024 * 1024);
    expect(efi.subarray(510, 512)).toEqual(Buffer.from([0x55, 0xaa]));
  });

  it('shows a Windows ISO through UDF: files the ISO 9660 tree hides are listed and extracted', async () => {
    expect(names(await ls('windows', '/'))).toEqual([
      'README.TXT',
      'boot/',
      'bootmgr',
      'bootmgr.efi',
      'efi/',
      'sources/',
    ]);
    expect(names(await ls('windows', 'sources'))).toEqual(['Long Folder Name/', 'install.wim']);
    for (const [file, content] of Object.entries(WINDOWS_FILES)) {
      expect((await extract('windows', file)).equals(content), file).toBe(true);
    }
  });

  it('reads UDF files described by long allocation descriptors and by an allocation extent', async () => {
    const wim = WINDOWS_FILES['sources/install.wim'] ?? Buffer.alloc(0);
    const bmgr = WINDOWS_FILES.bootmgr ?? Buffer.alloc(0);
    const patched = readFileSync(path('windows'));
    useLongAllocationDescriptors(patched, wim.length);
    useAllocationExtent(patched, bmgr.length);
    image.patched = join(tmp.dir, 'windows-patched.iso');
    writeFileSync(image.patched, patched);
    expect((await extract('patched', 'sources/install.wim')).equals(wim)).toBe(true);
    expect((await extract('patched', 'bootmgr')).equals(bmgr)).toBe(true);
  });

  it('follows Rock Ridge CL links to directories relocated below 8 levels', async () => {
    expect((await extract('deep', DEEP_PATH)).toString()).toBe('nine levels down\n');
    expect(names(await ls('deep', 'a/b/c/d/e/f/g/h'))).toEqual(['i/']);
  });

  it('joins a multi-extent file into one', async () => {
    const entries = await ls('multi', 'multi');
    expect(entries).toEqual([{ name: 'PARTA', kind: 'file', size: 4096 }]);
    expect((await extract('multi', 'multi/PARTA')).equals(Buffer.concat([Buffer.alloc(2048, 0x41), Buffer.alloc(2048, 0x42)]))).toBe(true);
  });

  it('lists and extracts a FAT12 superfloppy with long names across a multi-cluster directory', async () => {
    const many = await ls('floppy', 'many');
    expect(many).toHaveLength(40);
    for (const [file, content] of Object.entries(FLOPPY_FILES)) {
      expect((await extract('floppy', file)).equals(content), file).toBe(true);
    }
  });

  it('reports a missing path, and a folder given where a file is needed, with the path named', async () => {
    await expect(ls('plain', 'no/such/folder')).rejects.toMatchObject({ code: 'E_IMAGE_PATH_NOT_FOUND' });
    const error = await extract('plain', 'docs').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImprintError);
    expect((error as ImprintError).message).toBe(
      'There is no file "docs" inside the image. Run "imprint ls <image> [folder]" to see what it holds.',
    );
  });

  it('lists a single file when given a file path', async () => {
    expect(await ls('plain', 'README.TXT')).toEqual([{ name: 'README.TXT', kind: 'file', size: ISO_FILES['README.TXT']?.length }]);
  });
});
