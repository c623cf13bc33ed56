// The up-case table rebuilt from its rules equals the one exfatprogs writes (Microsoft's
// recommended table), byte for byte, with the specification's checksum.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { missing } from '../../main/test-support/prereq.js';
import { toolOutput } from '../../main/test-support/volume-file.js';
import { compressedUpcaseTable, UPCASE_TABLE_CHECKSUM, upcaseChecksum, upcaseName, upcaseUnit } from './upcase.js';

describe('the exFAT up-case table', () => {
  it('has the specification’s size and checksum', () => {
    const table = compressedUpcaseTable();
    expect(table.length).toBe(5836);
    expect(upcaseChecksum(table)).toBe(UPCASE_TABLE_CHECKSUM);
  });

  it('upper-cases like Windows, one code unit for one', () => {
    expect(upcaseName('readme.txt')).toBe('README.TXT');
    expect(upcaseName('ÿéß')).toBe('ŸÉß'); // ß has no one-unit upper case: it stays
    expect(upcaseName('ǆ')).toBe('Ǆ');
    expect(upcaseUnit('ω'.charCodeAt(0))).toBe('Ω'.charCodeAt(0));
    expect(upcaseUnit('ｚ'.charCodeAt(0))).toBe('Ｚ'.charCodeAt(0));
  });

  // Made when the tests run, not when they are collected (a listing pass runs no afterAll).
  let tmp = { dir: '', remove: (): void => undefined };
  beforeAll(() => (tmp = tempDir('imprint-upcase-')));
  afterAll(() => tmp.remove());
  const skip = missing({ tools: ['mkfs.exfat'] });

  it.skipIf(skip !== null)('equals the table mkfs.exfat writes', () => {
    const image = join(tmp.dir, 'ref.img');
    toolOutput('truncate', ['-s', '16M', image]);
    toolOutput('mkfs.exfat', [image]);
    const disk = readFileSync(image);
    const heap = disk.readUInt32LE(88);
    const shift = disk[109] ?? 0;
    const root = disk.readUInt32LE(96);
    const rootAt = (heap + (root - 2) * (1 << shift)) * 512;
    // The root directory lists the up-case table's entry (type 0x82): its first cluster and length.
    let found: Buffer | null = null;
    for (let pos = rootAt; pos < rootAt + 4096; pos += 32) {
      if (disk[pos] !== 0x82) continue;
      const cluster = disk.readUInt32LE(pos + 20);
      const length = Number(disk.readBigUInt64LE(pos + 24));
      const at = (heap + (cluster - 2) * (1 << shift)) * 512;
      found = disk.subarray(at, at + length);
    }
    expect(found).not.toBeNull();
    expect(Buffer.from(compressedUpcaseTable()).equals(found ?? Buffer.alloc(0))).toBe(true);
  });
});
