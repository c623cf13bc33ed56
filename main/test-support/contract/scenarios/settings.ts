import { expect } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../app/ipc-contract.js';
import { answer, listen, refusal } from '../expect.js';
import { settings } from '../shapes.js';
import { BAD_REQUEST, type Scenario } from '../world.js';
import { unchecked } from './steps.js';

export const settingsScenarios: Scenario[] = [
  {
    name: 'settings: the defaults; a patch is merged, answered and announced; a bad patch changes nothing',
    async run(world) {
      const { api } = world;
      const log = listen(api, world.eventTimeoutMs);
      expect(answer(await api.getSettings(), settings)).toEqual(DEFAULT_SETTINGS);
      const changed = { ...DEFAULT_SETTINGS, verify: false };
      expect(answer(await api.setSettings({ verify: false }), settings)).toEqual(changed);
      expect(await log.next('settings:changed')).toEqual(changed);
      refusal(await api.setSettings(unchecked({ verify: 'yes' })), BAD_REQUEST);
      refusal(await api.setSettings(unchecked({ verify: true, allowSystemDrive: true })), BAD_REQUEST);
      expect(answer(await api.getSettings(), settings)).toEqual(changed);
      expect(log.of('settings:changed')).toEqual([changed]);
      log.stop();
    },
  },
];
