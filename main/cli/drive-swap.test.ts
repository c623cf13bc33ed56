// A drive is known by its identity, not its path: a stick or card of the same size swapped in while
// the CLI waits for "yes" (or while a password prompt is open for the window's writer) is refused,
// and the medium swapped in is not touched. A swap here is real: the loop device is detached and
// re-attached at the same /dev/loopN with another file of the same size (the kernel gives it a new
// diskseq, exactly as for a card swapped in a reader).

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImprintError } from '../../app/errors.js';
import { BlockTarget } from '../engine/block-target.js';
import { resolveDrive } from '../engine/drives.js';
import { checkOpenedIsJudged, flash } from '../engine/flash.js';
import { openImage } from '../engine/source.js';
import { CLI } from '../test-support/cli.js';
import { attachLoop, makeFile, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: ['losetup', 'script'] });
const MiB = 1024 * 1024;

describe.skipIf(skip !== null)('a drive swapped after it was chosen', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  /** Two same-sized "sticks"; the first is attached, the second waits to be swapped in. */
  function sticks(name: string): { first: LoopDevice; secondFile: string; swap: () => void } {
    const firstFile = join(tmp.dir, `${name}-a.bin`);
    const secondFile = join(tmp.dir, `${name}-b.bin`);
    writeFileSync(firstFile, Buffer.alloc(8 * MiB, 0x11));
    writeFileSync(secondFile, Buffer.alloc(8 * MiB, 0x22));
    const first = attachLoop(firstFile);
    loops.push(first);
    return {
      first,
      secondFile,
      swap: () => {
        execFileSync('losetup', ['-d', first.device]);
        // The kernel finishes a detach once the last opener (udev's probe, say) lets go: until then
        // re-attaching says "busy". Retry for a few seconds; a device taken by another test fails.
        for (let attempt = 0; ; attempt += 1) {
          try {
            execFileSync('losetup', [first.device, secondFile], { stdio: 'pipe' });
            return;
          } catch (error) {
            if (attempt >= 50) throw error;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
          }
        }
      },
    };
  }

  const untouched = (file: string): boolean => readFileSync(file).every((b) => b === 0x22);

  it('the CLI refuses the drive swapped in while it waited for "yes", and leaves it untouched', async () => {
    const image = makeFile(join(tmp.dir, 'cli.img'), 2 * MiB);
    const { first, secondFile, swap } = sticks('cli');
    // A real terminal (script allocates a pty), so the CLI asks as it would a person.
    const command = [process.execPath, CLI, 'flash', image, first.device, '--no-eject'].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no prompt: ${output}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('Type "yes" to erase')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(output).toContain(first.device);
    swap();
    child.stdin.write('yes\r');
    const code = await exited;
    expect(output).toMatch(/no longer the drive that was chosen \(its media identity was \d+ when it was chosen and is \d+ now\)/);
    expect(code).toBe(2);
    expect(untouched(secondFile)).toBe(true);
  });

  it('the engine (as the writer runs it) refuses a job whose chosen drive was swapped', async () => {
    const image = makeFile(join(tmp.dir, 'engine.img'), 2 * MiB);
    const { first, secondFile, swap } = sticks('engine');
    const chosen = await resolveDrive(first.device);
    expect(chosen.identity.mediaId).toMatch(/^\d+$/);
    swap();
    const source = await openImage(image);
    const error = await flash(source, [first.device], {
      verify: true,
      eject: false,
      allowSystemDrive: false,
      expected: { [first.device]: { size: chosen.size, identity: chosen.identity } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImprintError);
    expect((error as ImprintError).code).toBe('E_SIZE_CHANGED');
    expect(untouched(secondFile)).toBe(true);
  });

  it('after the exclusive open, the open device is compared with the judged drive (not the path)', async () => {
    const { first, swap } = sticks('open');
    const judged = await resolveDrive(first.device);
    swap();
    const device = await BlockTarget.open(first.device, { readOnly: true });
    try {
      await expect(checkOpenedIsJudged(device, judged)).rejects.toMatchObject({ code: 'E_SIZE_CHANGED' });
      await expect(checkOpenedIsJudged(device, await resolveDrive(first.device))).resolves.toBeUndefined();
    } finally {
      await device.close();
    }
  });
});
