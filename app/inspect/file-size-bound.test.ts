// A file inside an image cannot be larger than the image (issue 9): ISO multi-extent records (and
// UDF extents) may repeat the same bytes or claim zeros, and "imprint extract" would write them all.

import { describe, expect, it } from 'vitest';
import { handIso } from '../../main/test-support/fixtures/hostile.js';
import { memorySource } from './byte-source.js';
import { listImageDirectory, openImageFile } from './image-files.js';

const MiB = 1024 * 1024;

/** A 1 MiB ISO whose BIG.BIN is `extents` records of 1 MiB each, all over the whole image. */
function repeatedExtents(extents: number): Uint8Array {
  const records = Array.from({ length: extents }, (_, i) => ({ name: 'BIG.BIN', extent: 0, size: MiB, flags: i < extents - 1 ? 0x80 : 0 }));
  const head = handIso(records, MiB);
  const image = new Uint8Array(MiB);
  image.set(head.subarray(0, MiB));
  return image;
}

describe('file sizes inside an image', () => {
  it('refuses a file that claims more bytes than the whole image, before a byte of it is read', async () => {
    const source = memorySource(repeatedExtents(40));
    // Listing still shows what the directory claims.
    expect(await listImageDirectory(source, 'x.iso', '/')).toEqual([{ name: 'BIG.BIN', kind: 'file', size: 40 * MiB }]);
    await expect(openImageFile(source, 'x.iso', 'BIG.BIN')).rejects.toMatchObject({
      code: 'E_IMAGE_CORRUPT',
      message: expect.stringContaining(`claims ${40 * MiB} bytes, more than the ${MiB} bytes of the whole image`) as unknown,
    });
  });

  it('opens a file as large as the image', async () => {
    const file = await openImageFile(memorySource(repeatedExtents(1)), 'x.iso', 'BIG.BIN');
    expect(file.size).toBe(MiB);
  });
});
