// FAT16 and FAT32 directory walks inside partitions (the superfloppy test covers FAT12).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { DISK_FILES, FAKE_EFI_LOADER, fixtureMissing, gptDisk, mbrDisk } from '../../main/test-support/fixtures/images.js';
import { readAll, withFile } from '../../main/test-support/fixtures/inspect-file.js';
import { readExact, sliceSource } from './byte-source.js';
import { parseFatBootSector } from './fat.js';
import { fatFileTree } from './fat-tree.js';
import type { FileTree } from './file-tree.js';

const skip = fixtureMissing('disks');
const MiB = 1024 * 1024;

describe.skipIf(skip !== null)('FAT file systems in partitions', () => {
  const tmp = tempDir('imprint-fat-');
  let mbr = '';
  let gpt = '';

  beforeAll(() => {
    mbr = mbrDisk(tmp.dir);
    gpt = gptDisk(tmp.dir);
  });
  afterAll(() => tmp.remove());

  async function inPartition<T>(image: string, start: number, size: number, work: (tree: FileTree, type: string) => Promise<T>): Promise<T> {
    return withFile(image, async (source) => {
      const part = sliceSource(source, start, size);
      const fat = parseFatBootSector(await readExact(part, 0, 512, 'boot sector'));
      if (fat === null) throw new Error('no FAT boot sector');
      return work(fatFileTree(part, fat), fat.type);
    });
  }

  it('walks FAT32 with long names and extracts files byte for byte', async () => {
    await inPartition(mbr, MiB, 40 * MiB, async (tree, type) => {
      expect(type).toBe('fat32');
      expect((await tree.list('/'))?.map((e) => e.name).sort()).toEqual(['HELLO.TXT', 'Long Name Folder']);
      for (const [path, content] of Object.entries(DISK_FILES)) {
        const file = await tree.open(path);
        expect(file === null ? null : (await readAll(file)).equals(content), path).toBe(true);
      }
    });
  });

  it('finds the UEFI fallback loader on a FAT16 ESP', async () => {
    await inPartition(gpt, MiB, 32 * MiB, async (tree, type) => {
      expect(type).toBe('fat16');
      expect(await tree.list('EFI/BOOT')).toEqual([{ name: 'BOOTX64.EFI', kind: 'file', size: FAKE_EFI_LOADER.length }]);
      const loader = await tree.open('\\efi\\boot\\bootx64.efi');
      expect(loader === null ? null : (await readAll(loader)).equals(FAKE_EFI_LOADER)).toBe(true);
    });
  });
});
