// One store for the window, built from typed slices over the ImprintApi it is given (the real
// window.imprint, or a fake in component tests).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ImprintApi } from '../../app/ipc-contract.js';
import { createDrivesSlice } from './drives-slice.js';
import { createImageSlice } from './image-slice.js';
import { createJobSlice } from './job-slice.js';
import { createSettingsSlice } from './settings-slice.js';
import type { AppState } from './types.js';
import { createUiSlice } from './ui-slice.js';

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: ImprintApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createImageSlice(api)(...a),
    ...createDrivesSlice(api)(...a),
    ...createJobSlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createUiSlice(...a),
  }));
}

/** Feeds main's event streams into the store and loads the first state; returns the unsubscribe. */
export function connectStore(store: AppStore, api: ImprintApi): () => void {
  const s = (): AppState => store.getState();
  const unsubscribe = [
    api.onImageOpened((image) => s().imageOpened(image)),
    api.onDrivesChanged((drives) => s().drivesChanged(drives)),
    api.onSettingsChanged((settings) => s().settingsChanged(settings)),
    api.onJobProgress((event) => s().jobProgress(event)),
    api.onJobResult((event) => s().jobResult(event)),
  ];
  // Settings first: they decide which drives are shown and preselected.
  void s()
    .loadSettings()
    .then(() => s().refreshDrives());
  void s().loadRecent();
  // A job may already be running (the window was reloaded): show it instead of an empty start.
  void api.currentJob().then((answer) => {
    if (answer.ok && answer.value) s().resumeJob(answer.value);
  }, () => undefined);
  return () => {
    for (const off of unsubscribe) off();
  };
}
