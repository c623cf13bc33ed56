// The image during a job, on real loop devices: swapped by a rename while it is written, the job
// still writes and verifies the file that was checked (its inode is held); changed in place, the
// job reports E_IMAGE_CHANGED and never "verified".

import { closeSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../app/progress.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { flash } from './flash.js';
import { openImage } from './source.js';

const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup'] });

describe.skipIf(skip !== null)('the image file while a job runs', () => {
  const tmp = tempDir('imprint-image-job-');
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  /** Runs `act` once, from the job's own progress, as soon as it is writing. */
  const whenWriting = (act: () => void): ((p: Progress) => void) => {
    let done = false;
    return (p) => {
      if (done || p.phase !== 'writing') return;
      done = true;
      act();
    };
  };

  it('a different file renamed onto the image while it is written: the original is written and verified', async () => {
    const path = makeFile(join(tmp.dir, 'swapped.img'), 6 * MiB);
    const original = readFileSync(path);
    const impostor = makeFile(join(tmp.dir, 'impostor.img'), 6 * MiB);
    const target = blankLoop(tmp.dir, 't1.bin', 8 * MiB);
    loops.push(target);
    const source = await openImage(path);
    try {
      const result = await flash(source, [target.device], {
        verify: true,
        eject: false,
        allowSystemDrive: false,
        chunkSize: MiB,
        onProgress: whenWriting(() => renameSync(impostor, path)),
      });
      expect(result.targets[0]).toMatchObject({ ok: true, verified: true });
      expect(readFileSync(path).equals(original)).toBe(false); // the path now names the impostor
      expect(readDevice(target.device, original.length).equals(original)).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('the image written to in place during the job: E_IMAGE_CHANGED, nothing reported verified', async () => {
    const path = makeFile(join(tmp.dir, 'changed.img'), 6 * MiB);
    const target = blankLoop(tmp.dir, 't2.bin', 8 * MiB);
    loops.push(target);
    const source = await openImage(path);
    try {
      const result = await flash(source, [target.device], {
        verify: true,
        eject: false,
        allowSystemDrive: false,
        chunkSize: MiB,
        onProgress: whenWriting(() => {
          // Same size, new bytes, until the file system's clock shows it (timestamps are coarse).
          const fd = openSync(path, 'r+');
          while (statSync(path, { bigint: true }).mtimeNs === source.file.stamp.mtimeNs) writeSync(fd, Buffer.alloc(4096, 0x42), 0, 4096, 5 * MiB);
          closeSync(fd);
        }),
      });
      expect(result.ok).toBe(false);
      expect(result.targets[0]).toMatchObject({ ok: false, verified: false, error: { code: 'E_IMAGE_CHANGED' } });
    } finally {
      await source.close();
    }
  });
});
