// What a flash reports each drive holds (TargetResult.imageWritten), on real loop devices: the fact
// the window and the CLI word for themselves ("nothing was written", "incomplete", "written, not
// verified") must be what the drive really holds.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Phase, Progress } from '../../app/progress.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { flash } from './flash.js';
import { openImage } from './source.js';

const MiB = 1024 * 1024;
const OLD = 0x5a;
const skip = missing({ root: true, tools: ['losetup'] });

describe.skipIf(skip !== null)('what a flash reports each drive holds', () => {
  const tmp = tempDir('imprint-written-');
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  /** A drive full of old data, so that "untouched" and "cleared" can be told apart. */
  const oldDrive = (name: string): LoopDevice => {
    const target = blankLoop(tmp.dir, name, 8 * MiB);
    loops.push(target);
    writeFileSync(target.backingFile, Buffer.alloc(8 * MiB, OLD));
    return target;
  };

  /** Flashes with the job cancelled from its own progress as `phase` starts (null: before it starts). */
  async function flashCancelledAt(phase: Phase | null, target: LoopDevice, verify = true) {
    const path = makeFile(join(tmp.dir, `img-${phase ?? 'before'}.img`), 6 * MiB);
    const controller = new AbortController();
    if (phase === null) controller.abort();
    const onProgress = (p: Progress): void => {
      if (p.phase === phase) controller.abort();
    };
    const source = await openImage(path);
    try {
      const result = await flash(source, [target.device], { verify, eject: false, allowSystemDrive: false, chunkSize: MiB, signal: controller.signal, onProgress });
      return { result, image: readFileSync(path) };
    } finally {
      await source.close();
    }
  }

  it('cancelled before writing: nothing, and the drive keeps its old contents', async () => {
    const target = oldDrive('before.bin');
    const { result } = await flashCancelledAt(null, target);
    expect(result).toMatchObject({ kind: 'flash', ok: false, cancelled: true });
    expect(result.targets).toMatchObject([
      { written: false, imageWritten: 'nothing', error: { code: 'E_CANCELLED', detail: 'nothing was written to the drive' } },
    ]);
    expect(readFileSync(target.backingFile).every((b) => b === OLD)).toBe(true);
  });

  it('cancelled as writing starts: partly (the drive\'s ends are cleared first), and it shows no partition table', async () => {
    const target = oldDrive('writing.bin');
    const { result } = await flashCancelledAt('writing', target);
    expect(result.targets).toMatchObject([{ written: false, imageWritten: 'partly', error: { code: 'E_CANCELLED' } }]);
    expect(result.targets[0]?.error?.detail).toContain('partition table was cleared');
    expect(readDevice(target.device, MiB, 0).every((b) => b === 0)).toBe(true);
    expect(readDevice(target.device, MiB, 7 * MiB).every((b) => b === 0)).toBe(true);
  });

  it('cancelled while verifying: all, not verified', async () => {
    const target = oldDrive('verifying.bin');
    const { result, image } = await flashCancelledAt('verifying', target);
    expect(result.targets).toMatchObject([
      { written: true, verified: false, imageWritten: 'all', error: { code: 'E_CANCELLED', detail: 'the image was written completely but not verified' } },
    ]);
    expect(readDevice(target.device, image.length).equals(image)).toBe(true);
  });

  it('verification off: all, ok, and not verified', async () => {
    const target = oldDrive('unverified.bin');
    const { result } = await flashCancelledAt('finishing', target, false);
    // Aborting in the finishing phase changes nothing: the job is already done.
    expect(result).toMatchObject({ kind: 'flash', ok: true, cancelled: false });
    expect(result.targets).toMatchObject([{ ok: true, written: true, verified: false, imageWritten: 'all' }]);
    expect(result.targets[0]).not.toHaveProperty('error');
  });
});
