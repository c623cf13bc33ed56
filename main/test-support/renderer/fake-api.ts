// A fake window.imprint for component tests: the real adapter (createImprintApi) over a fake main
// side that answers from plain state the way the real service does (fake-main.ts; the contract
// scenarios in main/test-support/contract/ run against both). Every request is recorded (vi.fn) and
// can be overridden per test; fake.emit pushes main's events. The e2e tests run the same window
// against the real main side.

import { vi } from 'vitest';
import { createImprintApi } from '../../../app/ipc-api.js';
import type {
  DriveView,
  DroppedFile,
  FlashRequest,
  HashAlgorithm,
  ImageSummary,
  ImprintApi,
  JobProgressEvent,
  JobResultEvent,
  Settings,
} from '../../../app/ipc-contract.js';
import { createFakeMain } from './fake-main.js';
import { initialState, type FakeState } from './fake-state.js';

export { fakeImage, type FakeImage, type FakeState } from './fake-state.js';

export function fakeImprint(initial: Partial<FakeState> = {}) {
  const state = initialState(initial);
  const main = createFakeMain(state);
  const real = createImprintApi(main.transport);
  // Arrow functions, not the methods themselves: a spy keeps no `this`.
  const api = {
    chooseImage: vi.fn(() => real.chooseImage()),
    openDroppedFile: vi.fn((file: DroppedFile) => real.openDroppedFile(file)),
    recentImages: vi.fn(() => real.recentImages()),
    openRecent: vi.fn((recentId: string) => real.openRecent(recentId)),
    hashImage: vi.fn((imageId: string, algorithm: HashAlgorithm, expected?: string) => real.hashImage(imageId, algorithm, expected)),
    checkSumsFile: vi.fn((imageId: string) => real.checkSumsFile(imageId)),
    listDrives: vi.fn(() => real.listDrives()),
    getSettings: vi.fn(() => real.getSettings()),
    setSettings: vi.fn((patch: Partial<Settings>) => real.setSettings(patch)),
    flash: vi.fn((request: FlashRequest) => real.flash(request)),
    verify: vi.fn((imageId: string, driveId: string) => real.verify(imageId, driveId)),
    cancel: vi.fn((jobId: string) => real.cancel(jobId)),
    currentJob: vi.fn(() => real.currentJob()),
    onImageOpened: (listener: (image: ImageSummary) => void) => real.onImageOpened(listener),
    onDrivesChanged: (listener: (drives: DriveView[]) => void) => real.onDrivesChanged(listener),
    onSettingsChanged: (listener: (settings: Settings) => void) => real.onSettingsChanged(listener),
    onJobProgress: (listener: (event: JobProgressEvent) => void) => real.onJobProgress(listener),
    onJobResult: (listener: (event: JobResultEvent) => void) => real.onJobResult(listener),
  } satisfies ImprintApi;
  return { api, state, emit: main.push, openPath: main.openPath };
}

export type FakeImprint = ReturnType<typeof fakeImprint>;
