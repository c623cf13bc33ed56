import type { ErrorData } from '../../app/errors.js';
import { DEFAULT_SETTINGS, type ImprintApi, type Settings } from '../../app/ipc-contract.js';
import { settle } from '../bridge.js';
import { pruneSelection } from './drive-selection.js';
import type { SliceCreator } from './types.js';

export interface SettingsSlice {
  settings: Settings;
  settingsError: ErrorData | null;
  loadSettings: () => Promise<void>;
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
  /** From main (settings:changed) or an answer: drives hidden by the new settings are deselected. */
  settingsChanged: (settings: Settings) => void;
}

export const createSettingsSlice =
  (api: ImprintApi): SliceCreator<SettingsSlice> =>
  (set, get) => ({
    settings: DEFAULT_SETTINGS,
    settingsError: null,
    async loadSettings() {
      const answer = await settle(api.getSettings());
      if (answer.ok) get().settingsChanged(answer.value);
      else set({ settingsError: answer.error });
    },
    async updateSettings(patch) {
      const answer = await settle(api.setSettings(patch));
      if (!answer.ok) {
        set({ settingsError: answer.error });
        return;
      }
      set({ settingsError: null });
      get().settingsChanged(answer.value);
      // Showing virtual or system drives changes what main lists.
      if (patch.showSystemDrives !== undefined || patch.showVirtualDrives !== undefined) await get().refreshDrives();
    },
    settingsChanged(settings) {
      const { selectedDriveIds, drives, mode } = get();
      set({ settings, selectedDriveIds: pruneSelection(selectedDriveIds, drives, settings, mode) });
    },
  });
