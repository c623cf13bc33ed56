import { expect } from 'vitest';
import { bool } from '../../../../app/validate.js';
import { answer, listen, refusal } from '../expect.js';
import { currentJob, jobProgressEvent, jobResultEvent, jobStarted, LOOP_TICKS, nullable } from '../shapes.js';
import { IMAGE_NAME, IMAGE_SIZE, type Scenario } from '../world.js';
import { loops, pick } from './steps.js';

export const jobScenarios: Scenario[] = [
  {
    name: 'a flash: a job id, job:current while it runs, no second job meanwhile, progress then one result; a check then finds the image on the drive',
    async run(world) {
      const { api, devices } = world;
      const image = await pick(world, world.image.path);
      const { fits } = await loops(world);
      const log = listen(api, world.eventTimeoutMs);
      const request = { imageId: image.imageId, driveIds: [fits.driveId], acknowledged: [{ driveId: fits.driveId, codes: LOOP_TICKS }], verify: true, eject: false };
      const { jobId } = answer(await api.flash(request), jobStarted);

      const running = answer(await api.currentJob(), nullable(currentJob));
      expect(running).toMatchObject({ jobId, kind: 'flash', image: { imageId: image.imageId, name: IMAGE_NAME }, eject: false });
      expect(running?.drives.map((d) => d.device)).toEqual([devices.fits]);
      refusal(await api.flash(request), 'E_JOB_RUNNING');
      refusal(await api.verify(image.imageId, fits.driveId), 'E_JOB_RUNNING');

      const done = await log.next('job:result', (e) => e.jobId === jobId);
      jobResultEvent(done, 'job:result');
      expect(done.result).toMatchObject({ kind: 'flash', ok: true, cancelled: false, image: IMAGE_NAME, size: IMAGE_SIZE });
      expect(done.result.targets).toEqual([
        expect.objectContaining({ device: devices.fits, ok: true, written: true, verified: true, bytesWritten: IMAGE_SIZE, imageWritten: 'all' }),
      ]);
      const progress = log.events.filter((e) => e.channel === 'job:progress');
      for (const [i, e] of progress.entries()) jobProgressEvent(e.payload, `job:progress[${i}]`);
      const phases = log.of('job:progress').filter((e) => e.jobId === jobId).map((e) => e.progress.phase);
      expect(phases).toContain('writing');
      expect(phases).toContain('verifying');
      expect(log.events.findLastIndex((e) => e.channel === 'job:progress')).toBeLessThan(log.events.findIndex((e) => e.channel === 'job:result'));
      expect(log.of('job:result')).toHaveLength(1);
      expect(answer(await api.currentJob(), nullable(currentJob))).toBeNull();

      // Checking writes nothing, and finds what was written.
      const check = answer(await api.verify(image.imageId, fits.driveId), jobStarted);
      const checked = await log.next('job:result', (e) => e.jobId === check.jobId);
      jobResultEvent(checked, 'job:result');
      expect(checked.result).toMatchObject({ ok: true, cancelled: false, image: IMAGE_NAME });
      expect(checked.result.targets).toEqual([
        expect.objectContaining({ device: devices.fits, ok: true, written: false, verified: true, bytesWritten: 0, writeSpeed: null }),
      ]);
      log.stop();
    },
  },
  {
    name: 'a job cancelled at once writes nothing: cancel answers true, the one result says cancelled; then cancel answers false',
    async run(world) {
      const { api, devices } = world;
      const image = await pick(world, world.image.path);
      const { fits } = await loops(world);
      const log = listen(api, world.eventTimeoutMs);
      const { jobId } = answer(
        await api.flash({ imageId: image.imageId, driveIds: [fits.driveId], acknowledged: [{ driveId: fits.driveId, codes: LOOP_TICKS }], verify: true, eject: false }),
        jobStarted,
      );
      expect(answer(await api.cancel(jobId), bool)).toBe(true);
      const done = await log.next('job:result', (e) => e.jobId === jobId);
      jobResultEvent(done, 'job:result');
      expect(done.result).toMatchObject({ ok: false, cancelled: true, image: IMAGE_NAME });
      expect(done.result.targets).toEqual([expect.objectContaining({ device: devices.fits, ok: false, written: false, verified: false, bytesWritten: 0 })]);
      expect(done.result.targets[0]?.error?.code).toBe('E_CANCELLED');
      expect(answer(await api.cancel(jobId), bool)).toBe(false);
      expect(answer(await api.currentJob(), nullable(currentJob))).toBeNull();
      log.stop();
    },
  },
  {
    name: 'a check of a read-only drive is allowed; one that does not hold the image fails at its first differing byte',
    async run(world) {
      const { api, devices } = world;
      const image = await pick(world, world.image.path);
      const { locked } = await loops(world);
      const log = listen(api, world.eventTimeoutMs);
      const { jobId } = answer(await api.verify(image.imageId, locked.driveId), jobStarted);
      const done = await log.next('job:result', (e) => e.jobId === jobId);
      jobResultEvent(done, 'job:result');
      expect(done.result).toMatchObject({ ok: false, cancelled: false, image: IMAGE_NAME });
      expect(done.result.targets).toEqual([expect.objectContaining({ device: devices.locked, ok: false, written: false, verified: false })]);
      expect(done.result.targets[0]?.error).toMatchObject({ code: 'E_VERIFY_MISMATCH', device: devices.locked, offset: 0 });
      log.stop();
    },
  },
];
