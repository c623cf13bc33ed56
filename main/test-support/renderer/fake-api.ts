// A fake window.imprint for component tests: answers from plain state, records calls (vi.fn), and
// lets the test push main's events. The renderer's only dependency is this API, so this is the
// boundary; the e2e tests run the same window against the real main side.

import { vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type DriveView,
  type EventChannel,
  type Events,
  type HashReport,
  type ImageSummary,
  type ImprintApi,
  type RecentImage,
  type CurrentJob,
  type Result,
  type Settings,
} from '../../../app/ipc-contract.js';

export interface FakeState {
  settings: Settings;
  drives: DriveView[];
  recent: RecentImage[];
  /** What the open dialog picks (null: the user cancels). */
  chosenImage: ImageSummary | null;
  hash: HashReport;
  sumsFile: HashReport | null;
  /** What job:current answers (a job main is running when the window loads). */
  currentJob: CurrentJob | null;
}

type Listeners = { [E in EventChannel]: Set<(payload: Events[E]) => void> };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fakeImprint(initial: Partial<FakeState> = {}) {
  const state: FakeState = {
    settings: { ...DEFAULT_SETTINGS },
    drives: [],
    recent: [],
    chosenImage: null,
    hash: { algorithm: 'sha256', hex: 'ab'.repeat(32), matches: null },
    sumsFile: null,
    currentJob: null,
    ...initial,
  };
  const listeners: Listeners = {
    'image:opened': new Set(),
    'drives:changed': new Set(),
    'settings:changed': new Set(),
    'job:progress': new Set(),
    'job:result': new Set(),
  };
  const on =
    <E extends EventChannel>(channel: E) =>
    (listener: (payload: Events[E]) => void) => {
      listeners[channel].add(listener);
      return () => listeners[channel].delete(listener);
    };
  let jobs = 0;

  const api = {
    chooseImage: vi.fn(() => Promise.resolve(ok(state.chosenImage))),
    openDroppedFile: vi.fn((file: File) => Promise.resolve(ok({ ...(state.chosenImage ?? fallbackImage), name: file.name }))),
    recentImages: vi.fn(() => Promise.resolve(ok(state.recent))),
    openRecent: vi.fn((recentId: string) => Promise.resolve(ok({ ...(state.chosenImage ?? fallbackImage), imageId: recentId }))),
    hashImage: vi.fn((_imageId: string, algorithm: HashReport['algorithm'], expected?: string) =>
      Promise.resolve(ok({ ...state.hash, algorithm, matches: expected === undefined ? state.hash.matches : expected === state.hash.hex })),
    ),
    checkSumsFile: vi.fn(() => Promise.resolve(ok(state.sumsFile))),
    listDrives: vi.fn(() => Promise.resolve(ok(state.drives))),
    getSettings: vi.fn(() => Promise.resolve(ok(state.settings))),
    setSettings: vi.fn((patch: Partial<Settings>) => {
      state.settings = { ...state.settings, ...patch };
      return Promise.resolve(ok(state.settings));
    }),
    flash: vi.fn(() => Promise.resolve(ok({ jobId: `job-${++jobs}` }))),
    verify: vi.fn(() => Promise.resolve(ok({ jobId: `job-${++jobs}` }))),
    cancel: vi.fn(() => Promise.resolve(ok(true))),
    currentJob: vi.fn(() => Promise.resolve(ok(state.currentJob))),
    onImageOpened: on('image:opened'),
    onDrivesChanged: on('drives:changed'),
    onSettingsChanged: on('settings:changed'),
    onJobProgress: on('job:progress'),
    onJobResult: on('job:result'),
  } satisfies ImprintApi;

  function emit<E extends EventChannel>(channel: E, payload: Events[E]): void {
    for (const listener of listeners[channel]) listener(payload);
  }

  return { api, state, emit };
}

export type FakeImprint = ReturnType<typeof fakeImprint>;

const fallbackImage: ImageSummary = {
  imageId: 'img-dropped',
  name: 'dropped.img',
  size: 1_000_000,
  sizeIsEstimate: false,
  container: 'raw',
  info: null,
  inspectError: null,
  checksumSidecar: null,
};
