// The service the window talks to, for real: real images, a real writer process, real loop devices.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type DriveView, type Events, type ImageSummary, type JobResultEvent } from '../../app/ipc-contract.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';
import { createImprintService, type ImprintService } from './create-service.js';

const WRITER = join(__dirname, '..', '..', 'dist', 'writer.js');
const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup', 'blockdev', 'sha256sum'] });

function nextEvent<E extends keyof Events>(service: ImprintService, channel: E, match: (p: Events[E]) => boolean = () => true): Promise<Events[E]> {
  return new Promise((resolve) => {
    const off = service.onEvent((c, p) => {
      if ((c as string) === channel && match(p as Events[E])) {
        off();
        resolve(p as Events[E]);
      }
    });
  });
}

describe.skipIf(skip !== null)('ImprintService', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  let service: ImprintService;
  let image: string;
  let chosen: string | null = null;

  beforeAll(async () => {
    image = makeFile(join(tmp.dir, 'stick.img'), 6 * MiB + 512);
    service = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve(chosen), chooseSumsFile: () => Promise.resolve(join(tmp.dir, 'SHA256SUMS')) },
      writer: { writer: { command: process.execPath, args: [WRITER] } },
      dataDir: join(tmp.dir, 'data'),
      drivePollMs: 200,
    });
  });

  afterAll(async () => {
    await service.dispose();
    for (const l of loops) l.detach();
    tmp.remove();
  });

  const openStick = async (): Promise<ImageSummary> => {
    const r = await service.handle('image:open-dropped', { path: image });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as ImageSummary;
  };

  const virtualDrive = async (device: string): Promise<DriveView> => {
    await service.handle('settings:set', { showVirtualDrives: true });
    const r = await service.handle('drives:list', undefined);
    if (!r.ok) throw new Error(r.error.message);
    const found = (r.value as DriveView[]).find((d) => d.device === device);
    if (!found) throw new Error(`${device} not listed`);
    return found;
  };

  it('refuses unknown channels, malformed payloads and ids it never issued', async () => {
    expect(await service.handle('fs:readFile', { path: '/etc/shadow' })).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await service.handle('job:flash', { imageId: 'x', driveIds: '/dev/sda', acknowledged: [], verify: true, eject: false })).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_REQUEST' },
    });
    expect(await service.handle('settings:set', { verify: true, evil: 1 })).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(await service.handle('job:verify', { imageId: 'never-issued', driveId: 'drive-1' })).toMatchObject({
      ok: false,
      error: { code: 'E_UNKNOWN_ID' },
    });
  });

  it('opens an image: summary with size, container and inspection, and remembers it as recent', async () => {
    const summary = await openStick();
    expect(summary).toMatchObject({ name: 'stick.img', size: 6 * MiB + 512, sizeIsEstimate: false, container: 'raw' });
    expect(summary.info).toMatchObject({ path: 'stick.img' });
    const recent = await service.handle('image:recent', undefined);
    expect(recent).toMatchObject({ ok: true, value: [{ name: 'stick.img', folder: tmp.dir }] });
    expect(JSON.parse(readFileSync(join(tmp.dir, 'data', 'recent-images.json'), 'utf8'))).toEqual([image]);
  });

  it('chooses an image through the dialog; a dismissed dialog answers null', async () => {
    chosen = null;
    expect(await service.handle('image:choose', undefined)).toEqual({ ok: true, value: null });
    chosen = image;
    expect(await service.handle('image:choose', undefined)).toMatchObject({ ok: true, value: { name: 'stick.img' } });
    chosen = join(tmp.dir, 'missing.iso');
    expect(await service.handle('image:choose', undefined)).toMatchObject({ ok: false, error: { code: 'E_IMAGE_NOT_FOUND' } });
  });

  it('judges drives for the current image: a too-small loop device is refused', async () => {
    await openStick();
    const small = blankLoop(tmp.dir, 'small.bin', 4 * MiB);
    loops.push(small);
    const view = await virtualDrive(small.device);
    expect(view.verdict.status).toBe('refused');
    expect(view.verdict.findings.map((f) => f.code)).toContain('TOO_SMALL');
  });

  it('flashes through the writer, pushing progress and a verified result; a second job meanwhile is refused', async () => {
    const summary = await openStick();
    const target = blankLoop(tmp.dir, 'target.bin', 8 * MiB);
    loops.push(target);
    const drive = await virtualDrive(target.device);
    const progress = nextEvent(service, 'job:progress', (p) => p.progress.phase === 'writing');
    const result = nextEvent(service, 'job:result');
    // A loop device is virtual and not removable: both reasons of its extra tick are acknowledged.
    const acknowledged = [{ driveId: drive.driveId, codes: ['NOT_REMOVABLE', 'VIRTUAL'] }];
    const started = await service.handle('job:flash', { imageId: summary.imageId, driveIds: [drive.driveId], acknowledged, verify: true, eject: false });
    expect(started.ok).toBe(true);
    expect(await service.handle('job:verify', { imageId: summary.imageId, driveId: drive.driveId })).toMatchObject({
      ok: false,
      error: { code: 'E_JOB_RUNNING' },
    });
    // Asked at once, the job is certainly still running (a reloaded window re-attaches this way).
    expect(await service.handle('job:current', undefined)).toMatchObject({
      ok: true,
      value: { jobId: (started as { value: { jobId: string } }).value.jobId, kind: 'flash', image: { name: 'stick.img' }, drives: [{ device: target.device }] },
    });
    await progress;
    const done: JobResultEvent = await result;
    expect(await service.handle('job:current', undefined)).toEqual({ ok: true, value: null });
    expect(done.result).toMatchObject({ ok: true, image: 'stick.img', targets: [{ device: target.device, verified: true }] });
    expect(readDevice(target.device, 6 * MiB + 512).equals(readFileSync(image))).toBe(true);
  });

  it('hashes the image on request and checks a pasted or a sums-file checksum', async () => {
    const summary = await openStick();
    const expected = execFileSync('sha256sum', [image], { encoding: 'utf8' }).split(' ')[0] ?? '';
    expect(await service.handle('image:hash', { imageId: summary.imageId, algorithm: 'sha256', expected: expected.toUpperCase() })).toEqual({
      ok: true,
      value: { algorithm: 'sha256', hex: expected, matches: true },
    });
    writeFileSync(join(tmp.dir, 'SHA256SUMS'), `${'0'.repeat(64)}  stick.img\n`);
    expect(await service.handle('image:check-sums-file', { imageId: summary.imageId })).toMatchObject({ ok: true, value: { matches: false } });
  });

  it('keeps settings across restarts', async () => {
    await service.handle('settings:set', { eject: false });
    const again = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve(null), chooseSumsFile: () => Promise.resolve(null) },
      writer: { writer: { command: process.execPath, args: [WRITER] } },
      dataDir: join(tmp.dir, 'data'),
    });
    expect(await again.handle('settings:get', undefined)).toMatchObject({ ok: true, value: { eject: false, verify: true } });
    await again.dispose();
  });

  it('starts with the defaults from a damaged settings file, judged by the same check as settings:set', async () => {
    const dataDir = join(tmp.dir, 'damaged');
    mkdirSync(dataDir);
    for (const stored of [{ verify: 'yes' }, { verify: false, evil: 1 }]) {
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(stored));
      const fresh = await createImprintService({
        dialogs: { chooseImage: () => Promise.resolve(null), chooseSumsFile: () => Promise.resolve(null) },
        writer: { writer: { command: process.execPath, args: [WRITER] } },
        dataDir,
      });
      try {
        expect(await fresh.handle('settings:get', undefined)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
        expect(await fresh.handle('settings:set', stored)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
      } finally {
        await fresh.dispose();
      }
    }
  });
});
