// How fast a volume's structures are generated: the metadata of a 4 GiB FAT32 volume holding a
// Windows installer's worth of files (FATs, directories, boot region), and file data read
// through the virtual disk compared with reading its source directly. Printed, and bounded so
// that a regression that makes generation slower than a USB drive fails.

import { describe, expect, it } from 'vitest';
import { memorySource, type ByteSource } from '../inspect/byte-source.js';
import { GiB, MiB } from './bytes.js';
import { extentBytes } from './extents.js';
import { fat32Disk } from './make-disk.js';
import type { VolumeEntry } from './tree.js';

const CHUNK = 4 * MiB;
const fake = (size: number): ByteSource => ({ size, read: (o, l) => Promise.resolve(new Uint8Array(Math.max(0, Math.min(l, size - o)))) });

async function readAll(source: ByteSource, ranges: ReadonlyArray<{ offset: number; length: number }>): Promise<number> {
  let bytes = 0;
  for (const range of ranges) {
    for (let at = range.offset; at < range.offset + range.length; at += CHUNK) {
      bytes += (await source.read(at, Math.min(CHUNK, range.offset + range.length - at))).length;
    }
  }
  return bytes;
}

describe('generation speed', () => {
  it('generates a 4 GiB stick’s metadata far faster than a drive writes it', async () => {
    // ~1,000 files in ~100 folders, 3.6 GiB in all, like a Windows 11 installer split for FAT32.
    const folders: VolumeEntry[] = Array.from({ length: 100 }, (_, f) => ({
      kind: 'folder',
      name: `folder with a long name ${f}`,
      children: Array.from({ length: 10 }, (_, i) => ({ kind: 'file', name: `file number ${i} in folder ${f}.dll`, size: 200_000 + i * 1000, source: fake(200_000 + i * 1000) })),
    }));
    const root: VolumeEntry[] = [...folders, { kind: 'file', name: 'install.swm', size: 3_400_000_000, source: fake(3_400_000_000) }];
    const started = performance.now();
    const disk = fat32Disk({ diskSize: 4 * GiB, seed: 'speed', label: 'CCCOMA_X64F', timestamp: new Date('2024-01-01T00:00:00Z'), root });
    const built = performance.now();
    const metadata = disk.extents.map((e) => e);
    const fs = disk.volume.structures.map((e) => ({ offset: e.offset + disk.partition.offset, length: e.length }));
    const bytes = await readAll(disk.source, fs);
    const read = performance.now();
    await readAll(disk.source, fs);
    const again = performance.now();
    const buildMs = built - started;
    const readMs = read - built;
    const rate = (ms: number): string => (bytes / MiB / (ms / 1000)).toFixed(0);
    console.log(
      `4 GiB FAT32 stick: built in ${buildMs.toFixed(1)} ms; file-system structures (${(bytes / MiB).toFixed(2)} MiB: boot region, 2 FATs, directories) ` +
        `read in ${readMs.toFixed(1)} ms (${rate(readMs)} MiB/s), again in ${(again - read).toFixed(1)} ms (${rate(again - read)} MiB/s); ` +
        `${metadata.length} extents, ${(extentBytes(metadata) / MiB).toFixed(0)} MiB to write`,
    );
    expect(bytes).toBeGreaterThan(8 * MiB); // two 4 MiB FATs at least
    expect(buildMs + readMs).toBeLessThan(5000);
  });

  it('passes file data through at the speed of its source', async () => {
    const content = new Uint8Array(256 * MiB).fill(7);
    const file = memorySource(content);
    const disk = fat32Disk({ diskSize: GiB, seed: 'speed', label: '', timestamp: new Date('2024-01-01T00:00:00Z'), root: [{ kind: 'file', name: 'big.bin', size: content.length, source: file }] });
    const data = disk.volume.extents.filter((e) => e.purposes.includes('file-data')).map((e) => ({ offset: e.offset + disk.partition.offset, length: e.length }));
    const t0 = performance.now();
    const direct = await readAll(file, [{ offset: 0, length: content.length }]);
    const t1 = performance.now();
    const through = await readAll(disk.source, data);
    const t2 = performance.now();
    console.log(`256 MiB file: source ${(direct / MiB / ((t1 - t0) / 1000)).toFixed(0)} MiB/s, through the virtual disk ${(through / MiB / ((t2 - t1) / 1000)).toFixed(0)} MiB/s`);
    expect(through).toBeGreaterThanOrEqual(direct);
    expect(through / MiB / ((t2 - t1) / 1000)).toBeGreaterThan(500);
  });
});
