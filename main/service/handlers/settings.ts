// Reading and changing the settings; a change is kept, applied to the drive list, and announced.

import type { Settings } from '../../../app/ipc-contract.js';
import type { SettingsStore } from '../settings-store.js';
import type { HandlersFor } from './handler.js';

export function settingsHandlers(store: SettingsStore, changed: (settings: Settings) => void): HandlersFor<'settings:get' | 'settings:set'> {
  return {
    'settings:get': () => Promise.resolve(store.current),
    'settings:set': async (patch) => {
      const settings = await store.update(patch);
      changed(settings);
      return settings;
    },
  };
}
