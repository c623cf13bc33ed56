// Everything the window can ask for, Electron-free: the Electron IPC layer and the e2e web tests
// both route requests here. Every payload is validated; every answer is a Result, never a throw.
// The handlers live one module per concern in handlers/ (images, recents, checksums, drives,
// settings, jobs); this file makes the shared state they work on and composes them.

import { join } from 'node:path';
import { ImprintError, toErrorData } from '../../app/errors.js';
import {
  isRequestChannel,
  validatePayload,
  type EventChannel,
  type Events,
  type RequestAnswer,
  type RequestChannel,
  type RequestPayload,
  type Result,
} from '../../app/ipc-contract.js';
import { JobRunner } from '../supervisor/job-runner.js';
import type { WriterLaunch } from '../supervisor/writer-session.js';
import type { Dialogs } from './dialogs.js';
import { DriveWatch } from './drive-watch.js';
import { checksumHandlers } from './handlers/checksums.js';
import { driveHandlers } from './handlers/drives.js';
import type { Handlers } from './handlers/handler.js';
import { imageHandlers, imageOpener } from './handlers/images.js';
import { jobHandlers, type JobMeta } from './handlers/jobs.js';
import { recentHandlers } from './handlers/recents.js';
import { settingsHandlers } from './handlers/settings.js';
import { ImageRegistry } from './image-registry.js';
import { RecentImages } from './recent-images.js';
import { SettingsStore } from './settings-store.js';

export type { Dialogs };

export interface ServiceOptions {
  dialogs: Dialogs;
  writer: WriterLaunch;
  /** Where settings and recent images are kept; null keeps them in memory (tests). */
  dataDir: string | null;
  drivePollMs?: number;
}

export type EventListener = <E extends EventChannel>(channel: E, payload: Events[E]) => void;

export interface ImprintService {
  handle(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: EventListener): () => void;
  /** Open-with / command line / second instance: opens the image and announces it to the window. */
  openPath(path: string): Promise<Result<RequestAnswer<'image:open-dropped'>>>;
  readonly busy: boolean;
  /** Cancels a running job (waiting for the drive to be left in its known state) and stops polling. */
  dispose(): Promise<void>;
}

export async function createImprintService(options: ServiceOptions): Promise<ImprintService> {
  const listeners = new Set<EventListener>();
  const emit: EventListener = (channel, payload) => {
    for (const l of listeners) l(channel, payload);
  };
  const dataFile = (name: string): string | null => (options.dataDir ? join(options.dataDir, name) : null);
  const settings = await SettingsStore.open(dataFile('settings.json'));
  const recent = new RecentImages(dataFile('recent-images.json'));
  await recent.load();
  const images = new ImageRegistry();
  const drives = new DriveWatch({ intervalMs: options.drivePollMs ?? 1000, onChange: (views) => emit('drives:changed', views) }, settings.current);
  const jobs = new JobRunner<JobMeta>(options.writer, {
    progress: (event) => emit('job:progress', event),
    result: (event) => {
      emit('job:result', event);
      // The drive was written, ejected or left as it was: show it as it is now.
      void drives.refresh();
    },
  });
  const openImage = imageOpener(images, recent, drives);

  const handlers: Handlers = {
    ...imageHandlers(options.dialogs, openImage),
    ...recentHandlers(recent, openImage),
    ...checksumHandlers(images, options.dialogs),
    ...driveHandlers(drives),
    ...settingsHandlers(settings, (changed) => {
      drives.setSettings(changed);
      emit('settings:changed', changed);
    }),
    ...jobHandlers(images, drives, jobs),
  };

  async function dispatch<C extends RequestChannel>(channel: C, payload: unknown): Promise<RequestAnswer<C>> {
    const handler = handlers[channel] as (p: RequestPayload<C>) => Promise<RequestAnswer<C>>;
    return handler(validatePayload(channel, payload));
  }

  drives.start();

  return {
    async handle(channel, payload) {
      try {
        if (!isRequestChannel(channel)) throw new ImprintError('E_BAD_REQUEST', { detail: `Unknown request "${String(channel)}".` });
        return { ok: true, value: await dispatch(channel, payload) };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openPath(path) {
      try {
        const summary = await openImage(path);
        emit('image:opened', summary);
        return { ok: true, value: summary };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    },
    get busy() {
      return jobs.busy;
    },
    async dispose() {
      drives.stop();
      await jobs.shutdown();
    },
  };
}
