// Everything the window can ask for, Electron-free: the Electron IPC layer and the e2e web tests
// both route requests here. Every payload is validated; every answer is a Result, never a throw.

import { join } from 'node:path';
import { ImprintError, toErrorData } from '../../app/errors.js';
import {
  isRequestChannel,
  validatePayload,
  type DriveView,
  type EventChannel,
  type Events,
  type ImageSummary,
  type RequestAnswer,
  type RequestChannel,
  type RequestPayload,
  type Result,
  type Settings,
} from '../../app/ipc-contract.js';
import type { WriterLaunch } from '../supervisor/writer-session.js';
import { checkSumsFile, findChecksumSidecar, hashImage } from './checksums.js';
import { DriveWatch } from './drive-watch.js';
import { flashTargets } from './flash-targets.js';
import { ImageRegistry } from './image-registry.js';
import { JobRunner } from './job-runner.js';
import { RecentImages } from './recent-images.js';
import { applySettingsPatch, loadSettings, writeJson } from './settings-store.js';

export interface Dialogs {
  chooseImage(): Promise<string | null>;
  chooseSumsFile(): Promise<string | null>;
}

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

/** What a job remembers about how it was started, for job:current. */
interface JobMeta {
  image: ImageSummary;
  drives: DriveView[];
  eject: boolean;
}

type Handlers = { [C in RequestChannel]: (payload: RequestPayload<C>) => Promise<RequestAnswer<C>> };

export async function createImprintService(options: ServiceOptions): Promise<ImprintService> {
  const listeners = new Set<EventListener>();
  const emit: EventListener = (channel, payload) => {
    for (const l of listeners) l(channel, payload);
  };
  const settingsFile = options.dataDir ? join(options.dataDir, 'settings.json') : null;
  let settings: Settings = await loadSettings(settingsFile);
  const recent = new RecentImages(options.dataDir ? join(options.dataDir, 'recent-images.json') : null);
  await recent.load();
  const images = new ImageRegistry();
  const drives = new DriveWatch({ intervalMs: options.drivePollMs ?? 1000, onChange: (views) => emit('drives:changed', views) }, settings);
  const jobs = new JobRunner<JobMeta>(options.writer, {
    progress: (event) => emit('job:progress', event),
    result: (event) => {
      emit('job:result', event);
      void drives.refresh();
    },
  });

  const openImage = async (path: string): Promise<RequestAnswer<'image:open-dropped'>> => {
    const opened = await images.open(path, findChecksumSidecar);
    await recent.add(path);
    drives.setImage(opened.facts);
    return opened.summary;
  };

  const viewsOf = (driveIds: string[]): DriveView[] => drives.current().filter((d) => driveIds.includes(d.driveId));

  const driveFor = (driveId: string) => {
    const drive = drives.driveOf(driveId);
    if (!drive) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That drive' });
    return drive;
  };

  const handlers: Handlers = {
    'image:choose': async () => {
      const path = await options.dialogs.chooseImage();
      return path === null ? null : openImage(path);
    },
    'image:open-dropped': ({ path }) => openImage(path),
    'image:recent': () => recent.list(),
    'image:open-recent': async ({ recentId }) => {
      const path = recent.pathOf(recentId);
      if (!path) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That recent image' });
      return openImage(path);
    },
    'image:hash': ({ imageId, algorithm, expected }) => hashImage(images.get(imageId).path, algorithm, expected),
    'image:check-sums-file': async ({ imageId }) => {
      const sums = await options.dialogs.chooseSumsFile();
      return sums === null ? null : checkSumsFile(images.get(imageId).path, sums);
    },
    'drives:list': async () => {
      await drives.refresh();
      return drives.current();
    },
    'settings:get': () => Promise.resolve(settings),
    'settings:set': async (patch) => {
      settings = applySettingsPatch(settings, patch);
      if (settingsFile) await writeJson(settingsFile, settings);
      drives.setSettings(settings);
      emit('settings:changed', settings);
      return settings;
    },
    'job:flash': async (request) => {
      // The image the user confirmed, not whichever was opened last (open-with may have replaced it).
      const image = images.get(request.imageId);
      // Judged as the drives are now, for this image: a refusal or a missing tick starts nothing.
      await drives.refresh();
      const targets = flashTargets(request, image.facts, drives);
      const meta: JobMeta = { image: image.summary, drives: targets.views, eject: request.eject };
      return { jobId: jobs.flash(image.path, targets.drives, { verify: request.verify, eject: request.eject }, meta) };
    },
    'job:verify': ({ imageId, driveId }) => {
      const image = images.get(imageId);
      const meta: JobMeta = { image: image.summary, drives: viewsOf([driveId]), eject: false };
      return Promise.resolve({ jobId: jobs.verify(image.path, driveFor(driveId), meta) });
    },
    'job:cancel': ({ jobId }) => Promise.resolve(jobs.cancel(jobId)),
    'job:current': () => {
      const current = jobs.current();
      if (!current) return Promise.resolve(null);
      return Promise.resolve({ jobId: current.jobId, kind: current.kind, progress: current.progress, ...current.meta });
    },
  };

  async function dispatch<C extends RequestChannel>(channel: C, payload: unknown): Promise<RequestAnswer<C>> {
    const handler = handlers[channel] as (p: RequestPayload<C>) => Promise<RequestAnswer<C>>;
    return handler(validatePayload(channel, payload));
  }

  drives.start();

  return {
    async handle(channel, payload) {
      try {
        if (!isRequestChannel(channel)) throw new ImprintError('E_USAGE', { detail: `Unknown request "${String(channel)}".` });
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
