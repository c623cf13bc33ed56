// The fake main side: answers every request channel from FakeState as main/service answers it —
// payloads checked by the contract's own validators, errors as ErrorData from app/errors.ts, events
// pushed when main would push them. The renderer's window.imprint is createImprintApi over it, so
// the same adapter the preload uses is in every component test.

import { ImprintError, toErrorData } from '../../../app/errors.js';
import type { Transport } from '../../../app/ipc-api.js';
import {
  isRequestChannel,
  validatePayload,
  type EventChannel,
  type Events,
  type RequestAnswer,
  type RequestChannel,
  type RequestPayload,
  type Result,
} from '../../../app/ipc-contract.js';
import { DOWNLOADS } from './fixtures.js';
import { FakeDrives } from './fake-drives.js';
import { FakeImages, type OpenedImage } from './fake-images.js';
import { FakeJobs } from './fake-jobs.js';
import type { FakeState } from './fake-state.js';

type Handlers = { [C in RequestChannel]: (payload: RequestPayload<C>) => RequestAnswer<C> };
type Listeners = { [E in EventChannel]: Set<(payload: Events[E]) => void> };

export interface FakeMain {
  transport: Transport;
  /** An event from main, as a test pushes it: main's own state follows (see push in createFakeMain). */
  push: <E extends EventChannel>(channel: E, payload: Events[E]) => void;
  /** Open-with / second instance: main opens the image itself and announces it (image:opened). */
  openPath: (path: string) => Result<RequestAnswer<'image:open-dropped'>>;
}

export function createFakeMain(state: FakeState): FakeMain {
  const listeners: Listeners = {
    'image:opened': new Set(),
    'drives:changed': new Set(),
    'settings:changed': new Set(),
    'job:progress': new Set(),
    'job:result': new Set(),
  };
  const deliver = <E extends EventChannel>(channel: E, payload: Events[E]): void => {
    for (const listener of listeners[channel]) listener(payload);
  };
  const drives = new FakeDrives(state, (views) => deliver('drives:changed', views));
  const images = new FakeImages(state);
  const jobs = new FakeJobs(state, { progress: (event) => push('job:progress', event), result: (event) => push('job:result', event) });

  /** What pushing an event says about main: the drive list is this, the settings are these, a job moved or ended. */
  function push<E extends EventChannel>(channel: E, payload: Events[E]): void {
    const event = { channel, payload } as { [K in EventChannel]: { channel: K; payload: Events[K] } }[EventChannel];
    if (event.channel === 'drives:changed') drives.replaced(event.payload);
    if (event.channel === 'settings:changed') state.settings = event.payload;
    if (event.channel === 'image:opened') drives.image = images.announced(event.payload).image.facts;
    if (event.channel === 'job:progress') jobs.progressed(event.payload);
    deliver(channel, payload);
    if (event.channel === 'job:result') {
      jobs.ended(event.payload);
      // The drive was written, ejected or left as it was: main scans again.
      drives.publish();
    }
  }

  const open = (path: string): OpenedImage => {
    const opened = images.open(path);
    drives.image = opened.image.facts;
    drives.publish();
    return opened;
  };

  const handlers: Handlers = {
    'image:choose': () => {
      const path = images.chosenPath();
      return path === null ? null : open(path).summary;
    },
    'image:open-dropped': ({ path }) => open(path).summary,
    'image:recent': () => images.recentList(),
    'image:open-recent': ({ recentId }) => open(images.recentPath(recentId)).summary,
    'image:hash': ({ imageId, algorithm, expected }) => images.hash(imageId, algorithm, expected),
    // The dialog comes first, as in main: a dismissed dialog answers null whatever the id.
    'image:check-sums-file': ({ imageId }) => (state.chosenSumsFile === null ? null : images.checkSums(imageId, state.chosenSumsFile)),
    'drives:list': () => {
      drives.publish();
      return drives.listed();
    },
    'settings:get': () => state.settings,
    'settings:set': (patch) => {
      const was = state.settings;
      state.settings = {
        verify: patch.verify ?? was.verify,
        eject: patch.eject ?? was.eject,
        showVirtualDrives: patch.showVirtualDrives ?? was.showVirtualDrives,
        showSystemDrives: patch.showSystemDrives ?? was.showSystemDrives,
      };
      deliver('settings:changed', state.settings);
      drives.publish();
      return state.settings;
    },
    'job:flash': (request) => {
      // The image the user confirmed; the drives judged again, for it.
      const opened = images.get(request.imageId);
      drives.publish();
      const views = drives.flashTargets(request, opened.image.facts);
      const devices = views.map((v) => v.device);
      return { jobId: jobs.start({ kind: 'flash', opened, views, devices, verify: request.verify, eject: request.eject }) };
    },
    'job:verify': ({ imageId, driveId }) => {
      const opened = images.get(imageId);
      const views = drives.listed().filter((v) => v.driveId === driveId);
      const { device } = drives.judged(driveId);
      return { jobId: jobs.start({ kind: 'verify', opened, views, devices: [device], verify: true, eject: false }) };
    },
    'job:cancel': ({ jobId }) => jobs.cancel(jobId),
    'job:current': () => state.currentJob,
  };

  async function handle(channel: unknown, payload: unknown): Promise<Result<unknown>> {
    await Promise.resolve(); // an answer is never synchronous: it crosses a process boundary
    try {
      if (!isRequestChannel(channel)) throw new ImprintError('E_BAD_REQUEST', { detail: `Unknown request "${String(channel)}".` });
      const handler = handlers[channel] as (p: unknown) => unknown;
      return { ok: true, value: handler(validatePayload(channel, payload)) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  }

  const transport: Transport = {
    invoke: <C extends RequestChannel>(channel: C, payload: unknown) => handle(channel, payload) as Promise<Result<RequestAnswer<C>>>,
    subscribe<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
      const set = listeners[channel] as Set<(payload: Events[E]) => void>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    pathForFile: (file) => state.droppedPaths[file.name] ?? `${DOWNLOADS}/${file.name}`,
  };

  return {
    transport,
    push,
    openPath(path) {
      try {
        const { summary } = open(path);
        deliver('image:opened', summary);
        return { ok: true, value: summary };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    },
  };
}
