// The image file is opened once, checked with fstat, and read through that handle by every pass:
// real files, FIFOs, sockets, devices and loop devices; swaps by rename and writes in place.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmgImage } from '../../test-support/fixtures/containers.js';
import { attachLoop, makeFile, tempDir, type LoopDevice } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';
import { openImage, type ImageSource } from '../source.js';
import { ImageFile } from './image-file.js';

const MiB = 1024 * 1024;
const tmp = tempDir('imprint-image-file-');
const at = (name: string): string => join(tmp.dir, name);
afterAll(() => tmp.remove());

const openFds = (): number => readdirSync('/proc/self/fd').length;

/** Reads a whole pass like the write pass: large chunks, stopping at the first short read. */
async function pass(source: ImageSource, onFileBytes?: (bytes: Uint8Array) => void): Promise<Buffer> {
  const reader = await source.openReader(onFileBytes ? { onFileBytes } : {});
  const parts: Buffer[] = [];
  try {
    for (;;) {
      const chunk = Buffer.alloc(4 * MiB);
      let n = 0;
      while (n < chunk.length) {
        const got = await reader.read(chunk.subarray(n));
        if (got === 0) break;
        n += got;
      }
      parts.push(chunk.subarray(0, n));
      if (n < chunk.length) break;
    }
  } finally {
    await reader.close();
  }
  return Buffer.concat(parts);
}

describe('ImageFile: only a regular file, opened once', () => {
  it('refuses a folder, a FIFO (without waiting for a writer), /dev/zero, a symlink to it, a socket and an empty file', async () => {
    mkdirSync(at('folder'));
    execFileSync('mkfifo', [at('fifo')]);
    symlinkSync('/dev/zero', at('zero-link'));
    writeFileSync(at('empty'), '');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(at('socket'), resolve));
    try {
      const refused = async (path: string): Promise<{ code: string; message: string }> => {
        const error = (await ImageFile.open(path).then(
          () => null,
          (e: unknown) => e,
        )) as { code: string; message: string } | null;
        if (!error) throw new Error(`${path} was opened`);
        return error;
      };
      expect(await refused(at('folder'))).toMatchObject({ code: 'E_IMAGE_NOT_A_FILE', message: expect.stringContaining('it is a folder') as unknown });
      expect(await refused(at('fifo'))).toMatchObject({ code: 'E_IMAGE_NOT_A_FILE', message: expect.stringContaining('named pipe') as unknown });
      expect(await refused('/dev/zero')).toMatchObject({ code: 'E_IMAGE_NOT_A_FILE', message: expect.stringContaining('character device') as unknown });
      expect(await refused(at('zero-link'))).toMatchObject({ code: 'E_IMAGE_NOT_A_FILE' });
      expect(await refused(at('socket'))).toMatchObject({ code: 'E_IMAGE_NOT_A_FILE', message: expect.stringContaining('socket') as unknown });
      expect(await refused(at('empty'))).toMatchObject({ code: 'E_IMAGE_EMPTY' });
      expect(await refused(at('missing'))).toMatchObject({ code: 'E_IMAGE_NOT_FOUND' });
      // The same through openImage, the door every command uses.
      await expect(openImage(at('fifo'))).rejects.toMatchObject({ code: 'E_IMAGE_NOT_A_FILE' });
    } finally {
      server.close();
    }
  });

  const noLoop = missing({ root: true, tools: ['losetup'] });
  it.skipIf(noLoop !== null)('refuses a drive: a loop device, and a symlink to one', async () => {
    const loop: LoopDevice = attachLoop(makeFile(at('disk.bin'), MiB));
    try {
      symlinkSync(loop.device, at('disk-link'));
      await expect(ImageFile.open(loop.device)).rejects.toMatchObject({ code: 'E_IMAGE_NOT_A_FILE', message: expect.stringContaining('it is a drive') as unknown });
      await expect(openImage(at('disk-link'))).rejects.toMatchObject({ code: 'E_IMAGE_NOT_A_FILE' });
    } finally {
      loop.detach();
    }
  });

  it('records the file as opened, reads it through the handle, and closes it', async () => {
    const path = makeFile(at('stamp.bin'), 100_000);
    const before = openFds();
    const file = await ImageFile.open(path);
    const st = statSync(path, { bigint: true });
    expect(file.stamp).toMatchObject({ dev: st.dev, ino: st.ino, size: 100_000, mtimeNs: st.mtimeNs });
    expect((await file.readAt(99_990, 100)).equals(readFileSync(path).subarray(99_990))).toBe(true);
    const reading = file.readAt(0, 100_000);
    await file.close(); // waits for the read in flight rather than pulling the descriptor from under it
    expect((await reading).length).toBe(100_000);
    expect(openFds()).toBe(before);
    await expect(file.readAt(0, 10)).rejects.toMatchObject({ code: 'E_INTERNAL' });
  });
});

describe('checkUnchanged', () => {
  it('passes while the file is untouched, and when another file is renamed onto its name', async () => {
    const path = makeFile(at('swap.bin'), MiB);
    const file = await ImageFile.open(path);
    try {
      await file.checkUnchanged();
      renameSync(makeFile(at('other.bin'), MiB), path);
      await file.checkUnchanged(); // the open file is the original: nothing it reads changed
    } finally {
      await file.close();
    }
  });

  it('fails with E_IMAGE_CHANGED after an append and after a write in place', async () => {
    const appended = makeFile(at('append.bin'), MiB);
    const a = await ImageFile.open(appended);
    appendFileSync(appended, Buffer.alloc(4096, 1));
    await expect(a.checkUnchanged()).rejects.toMatchObject({ code: 'E_IMAGE_CHANGED', message: expect.stringContaining('nothing was verified') as unknown });
    await a.close();

    const written = makeFile(at('inplace.bin'), MiB);
    const b = await ImageFile.open(written);
    // Same size, new bytes: written until the file system's clock has moved on (coarse timestamps).
    const fd = openSync(written, 'r+');
    while (statSync(written, { bigint: true }).mtimeNs === b.stamp.mtimeNs) writeSync(fd, Buffer.alloc(512, 0x42), 0, 512, 4096);
    closeSync(fd);
    await expect(b.checkUnchanged()).rejects.toMatchObject({ code: 'E_IMAGE_CHANGED' });
    await b.close();
  });
});

const tools = missing({ tools: ['xz', 'gzip', 'zstd', 'bzip2'] });

describe.skipIf(tools !== null)('sources read the one handle they opened', () => {
  let data = Buffer.alloc(0);
  const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const compress = (tool: string, input: string, output: string): void => writeFileSync(output, execFileSync(tool, ['-c', input], { maxBuffer: 1 << 26 }));

  beforeAll(() => {
    data = readFileSync(makeFile(at('data.img'), 5 * MiB + 777));
    compress('xz', at('data.img'), at('data.img.xz'));
    compress('gzip', at('data.img'), at('data.img.gz'));
    compress('zstd', at('data.img'), at('data.img.zst'));
    compress('bzip2', at('data.img'), at('data.img.bz2'));
    compress('xz', at('data.img.gz'), at('data.img.gz.xz'));
    // Bytes a decoder never asks for: xz stream padding, and zeros after a gzip member.
    writeFileSync(at('padded.img.xz'), Buffer.concat([readFileSync(at('data.img.xz')), Buffer.alloc(16 * MiB)]));
    writeFileSync(at('trailing.img.gz'), Buffer.concat([readFileSync(at('data.img.gz')), Buffer.alloc(16 * MiB)]));
  });

  it.each(['data.img', 'data.img.xz'])('%s swapped by a rename after opening: every pass still reads the original', async (name) => {
    const path = at(`swapped-${name}`);
    writeFileSync(path, readFileSync(at(name)));
    const before = openFds();
    const source = await openImage(path);
    try {
      writeFileSync(at('impostor'), Buffer.alloc(statSync(path).size, 0x66));
      renameSync(at('impostor'), path);
      expect(sha(await pass(source))).toBe(sha(data));
      expect(sha(await pass(source))).toBe(sha(data)); // a second pass: the handle outlives the first reader
      await source.checkUnchanged();
    } finally {
      await source.close();
    }
    expect(openFds()).toBe(before);
  });

  it.each(['data.img', 'data.img.xz', 'data.img.gz', 'data.img.zst', 'data.img.bz2', 'data.img.gz.xz', 'padded.img.xz', 'trailing.img.gz'])(
    '%s: the hash tap sees every byte of the file once, in order, by the end of the pass',
    async (name) => {
      const source = await openImage(at(name));
      try {
        expect(source.readsFileSequentially).toBe(true);
        const hash = createHash('sha256');
        let bytes = 0;
        const decoded = await pass(source, (chunk) => {
          hash.update(chunk);
          bytes += chunk.length;
        });
        expect(decoded.equals(data)).toBe(true);
        expect(bytes).toBe(statSync(at(name)).size);
        expect(hash.digest('hex')).toBe(sha(readFileSync(at(name))));
        expect(await source.hashFile('sha256')).toBe(sha(readFileSync(at(name))));
      } finally {
        await source.close();
      }
    },
  );

  it('a container read out of order refuses the tap and is hashed through its handle instead', async () => {
    writeFileSync(at('data.dmg'), dmgImage(data.subarray(0, 4 * MiB)));
    const source = await openImage(at('data.dmg'));
    try {
      expect(source.readsFileSequentially).toBe(false);
      await expect(source.openReader({ onFileBytes: () => undefined })).rejects.toMatchObject({ code: 'E_INTERNAL' });
      expect(await source.hashFile('sha256')).toBe(sha(readFileSync(at('data.dmg'))));
    } finally {
      await source.close();
    }
  });
});
