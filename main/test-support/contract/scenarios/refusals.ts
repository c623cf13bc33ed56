import { expect } from 'vitest';
import type { Acknowledgement } from '../../../../app/acknowledgement.js';
import { bool } from '../../../../app/validate.js';
import { answer, listen, refusal } from '../expect.js';
import { currentJob, LOOP_TICKS, nullable } from '../shapes.js';
import { BAD_REQUEST, type Scenario } from '../world.js';
import { loops, pick, unchecked } from './steps.js';

export const refusalScenarios: Scenario[] = [
  {
    name: 'a flash is refused before anything starts: too small, read-only, a tick missing, one bad drive among good ones, ids main never issued',
    async run(world) {
      const { api, devices } = world;
      const image = await pick(world, world.image.path);
      const drives = await loops(world);
      const log = listen(api, world.eventTimeoutMs);
      const ticks = (ids: string[]): Acknowledgement[] => ids.map((driveId) => ({ driveId, codes: LOOP_TICKS }));
      const flash = (driveIds: string[], acknowledged = ticks(driveIds), imageId = image.imageId) =>
        api.flash({ imageId, driveIds, acknowledged, verify: true, eject: false });

      expect(refusal(await flash([drives.small.driveId]), 'E_TOO_SMALL').device).toBe(devices.small);
      expect(refusal(await flash([drives.locked.driveId]), 'E_READ_ONLY').device).toBe(devices.locked);
      expect(refusal(await flash([drives.fits.driveId], []), 'E_NOT_CONFIRMED').device).toBe(devices.fits);
      refusal(await flash([drives.fits.driveId], [{ driveId: drives.fits.driveId, codes: ['NOT_REMOVABLE'] }]), 'E_NOT_CONFIRMED');
      // A tick given for another drive is no tick for this one.
      refusal(await flash([drives.fits.driveId], ticks([drives.small.driveId])), 'E_NOT_CONFIRMED');
      expect(refusal(await flash([drives.fits.driveId, drives.small.driveId]), 'E_TOO_SMALL').device).toBe(devices.small);
      refusal(await flash(['drive-never-issued']), 'E_UNKNOWN_ID');
      refusal(await flash([drives.fits.driveId], undefined, 'image-never-issued'), 'E_UNKNOWN_ID');
      refusal(await api.verify(image.imageId, 'drive-never-issued'), 'E_UNKNOWN_ID');
      refusal(await api.verify('image-never-issued', drives.fits.driveId), 'E_UNKNOWN_ID');
      expect(answer(await api.cancel('job-never-issued'), bool)).toBe(false);
      expect(answer(await api.currentJob(), nullable(currentJob))).toBeNull();
      expect(log.of('job:progress')).toEqual([]);
      expect(log.of('job:result')).toEqual([]);
      log.stop();
    },
  },
  {
    name: 'bad requests: payloads the contract does not allow are refused on every kind of channel, and start nothing',
    async run(world) {
      const { api } = world;
      const image = await pick(world, world.image.path);
      refusal(await api.hashImage(image.imageId, unchecked('crc32')), BAD_REQUEST);
      refusal(await api.hashImage(image.imageId, 'sha256', 'f'.repeat(300)), BAD_REQUEST);
      refusal(await api.openRecent(unchecked(42)), BAD_REQUEST);
      refusal(await api.openDroppedFile(world.drop('x'.repeat(5000))), BAD_REQUEST);
      refusal(await api.checkSumsFile(unchecked({ path: '/etc/shadow' })), BAD_REQUEST);
      const flash = { imageId: image.imageId, driveIds: ['drive-1'], acknowledged: [], verify: true, eject: false };
      refusal(await api.flash(unchecked({ ...flash, driveIds: '/dev/sda' })), BAD_REQUEST);
      refusal(await api.flash(unchecked({ ...flash, verify: 'no' })), BAD_REQUEST);
      refusal(await api.flash(unchecked({ ...flash, acknowledged: [{ driveId: 'drive-1', codes: ['ALLOW_SYSTEM_DRIVE'] }] })), BAD_REQUEST);
      refusal(await api.flash(unchecked({ ...flash, driveIds: Array.from({ length: 17 }, (_, i) => `drive-${i}`) })), BAD_REQUEST);
      refusal(await api.verify(image.imageId, 'd'.repeat(200)), BAD_REQUEST);
      refusal(await api.cancel(unchecked(null)), BAD_REQUEST);
      expect(answer(await api.currentJob(), nullable(currentJob))).toBeNull();
    },
  },
];
