// The service enforces the confirmation itself, on real loop devices: a flash whose drives need an
// extra tick that the request does not carry, or whose drive the rules refuse now, starts nothing.
// A window that skipped its dialog (or a compromised one) cannot write.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveView, Events, ImageSummary, Result } from '../../app/ipc-contract.js';
import { attachLoop, blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { createImprintService, type ImprintService } from './create-service.js';

const WRITER = join(__dirname, '..', '..', 'dist', 'writer.js');
const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup', 'blockdev'] });
const BOTH = ['NOT_REMOVABLE', 'VIRTUAL'];

describe.skipIf(skip !== null)('job:flash is refused unless confirmed, by the service itself', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  let service: ImprintService;
  let small: string;
  let large: string;
  const events: string[] = [];

  beforeAll(async () => {
    small = makeFile(join(tmp.dir, 'small.img'), 3 * MiB);
    large = makeFile(join(tmp.dir, 'large.img'), 12 * MiB);
    service = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve(null), chooseSumsFile: () => Promise.resolve(null) },
      writer: { writer: { command: process.execPath, args: [WRITER] } },
      dataDir: null,
      drivePollMs: 200,
    });
    service.onEvent((channel) => {
      if (channel === 'job:progress' || channel === 'job:result') events.push(channel);
    });
    await service.handle('settings:set', { showVirtualDrives: true });
  });

  afterAll(async () => {
    await service.dispose();
    for (const l of loops) l.detach();
    tmp.remove();
  });

  const open = async (path: string): Promise<ImageSummary> => {
    const r = await service.handle('image:open-dropped', { path });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as ImageSummary;
  };

  const loop = async (name: string, size: number, readOnly = false): Promise<{ device: string; view: DriveView }> => {
    const l = readOnly ? attachLoop(makeFile(join(tmp.dir, name), size, 'zero'), { readOnly: true }) : blankLoop(tmp.dir, name, size);
    loops.push(l);
    const r = await service.handle('drives:list', undefined);
    if (!r.ok) throw new Error(r.error.message);
    const view = (r.value as DriveView[]).find((d) => d.device === l.device);
    if (!view) throw new Error(`${l.device} not listed`);
    return { device: l.device, view };
  };

  const flash = (imageId: string, driveIds: string[], acknowledged: { driveId: string; codes: string[] }[]): Promise<Result<unknown>> =>
    service.handle('job:flash', { imageId, driveIds, acknowledged, verify: true, eject: false });

  /** Nothing started: no job runs, no job event was sent, the drive still holds only zeros. */
  const nothingStarted = async (device: string): Promise<void> => {
    expect(await service.handle('job:current', undefined)).toEqual({ ok: true, value: null });
    expect(events).toEqual([]);
    expect(readDevice(device, MiB).equals(Buffer.alloc(MiB))).toBe(true);
  };

  it('says which ticks a loop device needs: it is virtual and not removable', async () => {
    const { view } = await loop('needs.bin', 8 * MiB);
    expect(view).toMatchObject({ isVirtual: true, isRemovable: false, verdict: { status: 'warning' } });
  });

  it('refuses a loop device whose tick was not given, or only partly', async () => {
    const image = await open(small);
    const { device, view } = await loop('unticked.bin', 8 * MiB);
    const none = await flash(image.imageId, [view.driveId], []);
    expect(none).toMatchObject({ ok: false, error: { code: 'E_NOT_CONFIRMED', device } });
    if (!none.ok) expect(none.error.message).toContain('it is a virtual drive');
    // A tick for the wrong drive, or for some of the reasons only, is not the tick.
    expect(await flash(image.imageId, [view.driveId], [{ driveId: 'drive-999', codes: BOTH }])).toMatchObject({ ok: false, error: { code: 'E_NOT_CONFIRMED' } });
    const partly = await flash(image.imageId, [view.driveId], [{ driveId: view.driveId, codes: ['NOT_REMOVABLE'] }]);
    expect(partly).toMatchObject({ ok: false, error: { code: 'E_NOT_CONFIRMED', device } });
    await nothingStarted(device);
  });

  it('refuses the whole job when one of two drives lacks its tick: neither is written', async () => {
    const image = await open(small);
    const first = await loop('first.bin', 8 * MiB);
    const second = await loop('second.bin', 8 * MiB);
    const r = await flash(image.imageId, [first.view.driveId, second.view.driveId], [{ driveId: first.view.driveId, codes: BOTH }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'E_NOT_CONFIRMED', device: second.device } });
    await nothingStarted(first.device);
    await nothingStarted(second.device);
  });

  it('refuses a drive the rules refuse now, whatever was acknowledged', async () => {
    const image = await open(large);
    const tooSmall = await loop('too-small.bin', 8 * MiB);
    expect(await flash(image.imageId, [tooSmall.view.driveId], [{ driveId: tooSmall.view.driveId, codes: BOTH }])).toMatchObject({
      ok: false,
      error: { code: 'E_TOO_SMALL', device: tooSmall.device },
    });
    const locked = await loop('locked.bin', 16 * MiB, true);
    expect(await flash(image.imageId, [locked.view.driveId], [{ driveId: locked.view.driveId, codes: BOTH }])).toMatchObject({
      ok: false,
      error: { code: 'E_READ_ONLY', device: locked.device },
    });
    await nothingStarted(tooSmall.device);
  });

  it('refuses a request without acknowledgements, or naming a drive twice', async () => {
    const image = await open(small);
    const { device, view } = await loop('malformed.bin', 8 * MiB);
    expect(await service.handle('job:flash', { imageId: image.imageId, driveIds: [view.driveId], verify: true, eject: false })).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_REQUEST' },
    });
    expect(await flash(image.imageId, [view.driveId, view.driveId], [{ driveId: view.driveId, codes: BOTH }])).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_REQUEST' },
    });
    await nothingStarted(device);
  });

  it('a medium swapped in behind the same path is a new drive: the id that was chosen starts nothing', async () => {
    const image = await open(small);
    const before = await loop('before.bin', 8 * MiB);
    // The swap: detach, and attach another file of the same size to the same loop device.
    const swapped = loops.find((l) => l.device === before.device);
    swapped?.detach();
    execFileSync('losetup', [before.device, makeFile(join(tmp.dir, 'after.bin'), 8 * MiB, 'zero')]);
    loops.push({ device: before.device, backingFile: join(tmp.dir, 'after.bin'), detach: () => execFileSync('losetup', ['-d', before.device]) });
    const listed = await service.handle('drives:list', undefined);
    const now = (listed as { value: DriveView[] }).value.find((d) => d.device === before.device);
    expect(now?.driveId).toBeDefined();
    expect(now?.driveId).not.toBe(before.view.driveId);
    expect(await flash(image.imageId, [before.view.driveId], [{ driveId: before.view.driveId, codes: BOTH }])).toMatchObject({
      ok: false,
      error: { code: 'E_UNKNOWN_ID' },
    });
    await nothingStarted(before.device);
  });

  it('writes the image that was confirmed, judged for that image, even after another was opened', async () => {
    const confirmed = await open(small);
    const target = await loop('target.bin', 8 * MiB);
    // Open-with brings a larger image: for it the drive is too small, and it is the current one.
    const announced = new Promise<Events['image:opened']>((resolve) => {
      const off = service.onEvent((channel, payload) => {
        if (channel === 'image:opened') {
          off();
          resolve(payload as Events['image:opened']);
        }
      });
    });
    const later = await service.openPath(large);
    expect(later.ok).toBe(true);
    expect((await announced).name).toBe('large.img');
    const now = (await service.handle('drives:list', undefined)) as { value: DriveView[] };
    expect(now.value.find((d) => d.device === target.device)?.verdict.findings.map((f) => f.code)).toContain('TOO_SMALL');

    const result = new Promise<Events['job:result']>((resolve) => {
      const off = service.onEvent((channel, payload) => {
        if (channel === 'job:result') {
          off();
          resolve(payload as Events['job:result']);
        }
      });
    });
    const started = await flash(confirmed.imageId, [target.view.driveId], [{ driveId: target.view.driveId, codes: BOTH }]);
    expect(started.ok).toBe(true);
    expect((await result).result).toMatchObject({ ok: true, image: 'small.img', targets: [{ device: target.device, verified: true }] });
    expect(readDevice(target.device, 3 * MiB).equals(readFileSync(small))).toBe(true);
  });
});
