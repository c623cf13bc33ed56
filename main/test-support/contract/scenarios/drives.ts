import { expect } from 'vitest';
import type { DriveView } from '../../../../app/ipc-contract.js';
import { answer, codes, listen, viewOfDevice } from '../expect.js';
import { settings } from '../shapes.js';
import { DRIVE_SIZES, type DriveRole, type Scenario } from '../world.js';
import { driveList, loops, pick } from './steps.js';

const ROLES: readonly DriveRole[] = ['small', 'fits', 'locked'];

export const driveScenarios: Scenario[] = [
  {
    name: 'drives: loop devices are listed only while virtual drives are shown, under opaque ids, and judged again for the image opened',
    async run(world) {
      const { api, devices } = world;
      const log = listen(api, world.eventTimeoutMs);
      const hidden = answer(await api.listDrives(), driveList);
      for (const role of ROLES) expect(viewOfDevice(hidden, devices[role]), role).toBeUndefined();

      const before = await loops(world);
      for (const role of ROLES) {
        const view = before[role];
        expect(view.driveId, 'ids are not device names').not.toBe(view.device);
        expect(view).toMatchObject({ size: DRIVE_SIZES[role], isVirtual: true, isRemovable: false, isSystem: false, isReadOnly: role === 'locked', volumes: [] });
      }
      // No image yet: the size rules wait for one.
      expect(before.small.verdict.status).toBe('warning');
      expect(codes(before.small)).toEqual(['NOT_REMOVABLE']);
      expect(codes(before.fits)).toEqual(['NOT_REMOVABLE']);
      expect(before.locked.verdict.status).toBe('refused');
      expect(codes(before.locked)).toEqual(['READ_ONLY', 'NOT_REMOVABLE']);
      expect(before.locked.verdict.findings[0]).toMatchObject({ severity: 'refused', error: 'E_READ_ONLY' });
      await log.next('drives:changed', (views) => viewOfDevice(views, devices.fits) !== undefined);

      await pick(world, world.image.path);
      const tooSmall = (views: DriveView[]): boolean => codes(viewOfDevice(views, devices.small)).includes('TOO_SMALL');
      await log.next('drives:changed', tooSmall);
      const after = answer(await api.listDrives(), driveList);
      const small = viewOfDevice(after, devices.small);
      expect(small?.driveId, 'the same medium keeps its id').toBe(before.small.driveId);
      expect(small?.verdict.status).toBe('refused');
      expect(codes(small)).toEqual(['TOO_SMALL', 'NOT_REMOVABLE']);
      expect(small?.verdict.findings[0]).toMatchObject({ severity: 'refused', error: 'E_TOO_SMALL' });
      expect(codes(viewOfDevice(after, devices.fits))).toEqual(['NOT_REMOVABLE']);

      answer(await api.setSettings({ showVirtualDrives: false }), settings);
      const again = answer(await api.listDrives(), driveList);
      for (const role of ROLES) expect(viewOfDevice(again, devices[role]), role).toBeUndefined();
      log.stop();
    },
  },
];
