// Builds the window.imprint API over any transport: Electron's IPC in the preload, or a test
// bridge in the e2e web project. One function per request channel, one onX per event channel.

import type { DroppedFile, EventChannel, Events, ImprintApi, RequestAnswer, RequestChannel, Result } from './ipc-contract.js';

export interface Transport {
  invoke<C extends RequestChannel>(channel: C, payload: unknown): Promise<Result<RequestAnswer<C>>>;
  subscribe<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void;
  /** Drag-and-drop: the file system path of a dropped File (Electron: webUtils.getPathForFile). */
  pathForFile(file: DroppedFile): string;
}

export function createImprintApi(t: Transport): ImprintApi {
  return {
    chooseImage: () => t.invoke('image:choose', undefined),
    openDroppedFile: (file) => t.invoke('image:open-dropped', { path: t.pathForFile(file) }),
    recentImages: () => t.invoke('image:recent', undefined),
    openRecent: (recentId) => t.invoke('image:open-recent', { recentId }),
    hashImage: (imageId, algorithm, expected) =>
      t.invoke('image:hash', expected === undefined ? { imageId, algorithm } : { imageId, algorithm, expected }),
    checkSumsFile: (imageId) => t.invoke('image:check-sums-file', { imageId }),
    listDrives: () => t.invoke('drives:list', undefined),
    getSettings: () => t.invoke('settings:get', undefined),
    setSettings: (patch) => t.invoke('settings:set', patch),
    flash: ({ imageId, driveIds, acknowledged, verify, eject }) => t.invoke('job:flash', { imageId, driveIds, acknowledged, verify, eject }),
    verify: (imageId, driveId) => t.invoke('job:verify', { imageId, driveId }),
    cancel: (jobId) => t.invoke('job:cancel', { jobId }),
    currentJob: () => t.invoke('job:current', undefined),
    onImageOpened: (listener) => t.subscribe('image:opened', listener),
    onDrivesChanged: (listener) => t.subscribe('drives:changed', listener),
    onSettingsChanged: (listener) => t.subscribe('settings:changed', listener),
    onJobProgress: (listener) => t.subscribe('job:progress', listener),
    onJobResult: (listener) => t.subscribe('job:result', listener),
  };
}
