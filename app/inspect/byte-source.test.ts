// The byte-source plumbing and field readers every parser stands on.

import { describe, expect, it } from 'vitest';
import { ImprintError } from '../errors.js';
import { crc32, guid, latin1, u32le, u64le, ucs2be } from './binary.js';
import { CachingSource, extentSource, memorySource, readExact, sliceSource, type ByteSource } from './byte-source.js';

function counting(bytes: Uint8Array): ByteSource & { calls: Array<[number, number]> } {
  const inner = memorySource(bytes);
  const calls: Array<[number, number]> = [];
  return {
    size: inner.size,
    calls,
    read(offset, length) {
      calls.push([offset, length]);
      return inner.read(offset, length);
    },
  };
}

const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff);

describe('byte sources', () => {
  it('reads exactly, and reports reads past the end as a damaged image', async () => {
    const source = memorySource(data);
    expect(Array.from(await readExact(source, 10, 3, 'x'))).toEqual([70, 77, 84]);
    const error = await readExact(source, 99_999, 2, 'the test structure').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImprintError);
    expect((error as ImprintError).code).toBe('E_IMAGE_CORRUPT');
    expect((error as ImprintError).message).toMatch(/the test structure lies past the end of the image/);
    await expect(readExact(source, -1, 1, 'x')).rejects.toMatchObject({ code: 'E_IMAGE_CORRUPT' });
    await expect(readExact(source, 0, 2 ** 40, 'x')).rejects.toMatchObject({ code: 'E_IMAGE_CORRUPT' });
  });

  it('caches in aligned blocks, counts what it fetched, and evicts the least recently used', async () => {
    const inner = counting(data);
    const cache = new CachingSource(inner, { blockSize: 1024, maxBlocks: 2 });
    expect(Array.from(await cache.read(1020, 8))).toEqual(Array.from(data.subarray(1020, 1028)));
    expect(inner.calls).toEqual([
      [0, 1024],
      [1024, 1024],
    ]);
    await cache.read(1030, 10); // cached
    expect(inner.calls).toHaveLength(2);
    await cache.read(5000, 1); // evicts block 0
    await cache.read(10, 1);
    expect(inner.calls).toHaveLength(4);
    expect(cache.bytesFetched).toBe(4 * 1024);
    expect(cache.reads).toBe(4);
  });

  it('refuses to fetch more than its budget, as a damaged image', async () => {
    const cache = new CachingSource(memorySource(data), { blockSize: 1024, maxFetchBytes: 4096 });
    await cache.read(0, 4096);
    await expect(cache.read(8192, 1)).rejects.toMatchObject({
      code: 'E_IMAGE_CORRUPT',
      context: { detail: 'its structures claim more than 4.10 KB of metadata' },
    });
  });

  it('passes large reads straight through', async () => {
    const inner = counting(data);
    const cache = new CachingSource(inner, { blockSize: 1024 });
    const bytes = await cache.read(100, 50_000);
    expect(bytes.length).toBe(50_000);
    expect(inner.calls).toEqual([[100, 50_000]]);
  });

  it('joins extents and fills unrecorded ones with zeros', async () => {
    const file = extentSource(memorySource(data), [
      { offset: 2000, length: 3 },
      { offset: null, length: 2 },
      { offset: 10, length: 2 },
    ]);
    expect(file.size).toBe(7);
    expect(Array.from(await file.read(0, 100))).toEqual([...data.subarray(2000, 2003), 0, 0, ...data.subarray(10, 12)]);
    expect(Array.from(await file.read(4, 2))).toEqual([0, data[10]]);
  });

  it('windows a partition and never reads outside it', async () => {
    const part = sliceSource(memorySource(data), 1000, 50);
    expect(part.size).toBe(50);
    expect(Array.from(await part.read(48, 10))).toEqual(Array.from(data.subarray(1048, 1050)));
  });
});

describe('field readers', () => {
  it('computes CRC-32 as GPT does (check value of "123456789")', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('formats a GUID with its first three fields little-endian', () => {
    const esp = Uint8Array.from([0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b]);
    expect(guid(esp, 0)).toBe('c12a7328-f81f-11d2-ba4b-00a0c93ec93b');
  });

  it('refuses fields outside their structure and 64-bit values no image can hold', () => {
    expect(() => u32le(new Uint8Array(3), 0)).toThrow(ImprintError);
    expect(() => u64le(Uint8Array.from([0, 0, 0, 0, 0, 0, 0x20, 0]), 0)).toThrow(/impossibly large/);
    expect(u64le(Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0]), 0)).toBe(2 ** 32 + 1);
  });

  it('decodes space-padded ISO text and UCS-2 names', () => {
    expect(latin1(new TextEncoder().encode('UBUNTU  \0\0'), 0, 10)).toBe('UBUNTU');
    expect(ucs2be(Uint8Array.from([0, 0x41, 0, 0xe9, 0, 0]), 0, 6)).toBe('Aé');
  });
});
