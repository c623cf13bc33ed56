// The window's job requests, the first step of the job pipeline. A flash is judged again here, as
// the drives are now and for the image the user confirmed, before the supervisor starts the writer:
//   here → main/supervisor/job-runner.ts (one job at a time) → writer-session.ts, run-job.ts →
//   main/engine/line-channel.ts + app/writer-protocol.ts → main/writer/ → main/engine/flash.ts, verify.ts

import { ImprintError } from '../../../app/errors.js';
import type { DriveView, ImageSummary } from '../../../app/ipc-contract.js';
import type { JobRunner } from '../../supervisor/job-runner.js';
import type { DriveWatch } from '../drive-watch.js';
import { flashTargets } from '../flash-targets.js';
import type { ImageRegistry } from '../image-registry.js';
import type { HandlersFor } from './handler.js';

/** What a job remembers about how it was started, for job:current. */
export interface JobMeta {
  image: ImageSummary;
  drives: DriveView[];
  eject: boolean;
}

export function jobHandlers(
  images: ImageRegistry,
  drives: DriveWatch,
  jobs: JobRunner<JobMeta>,
): HandlersFor<'job:flash' | 'job:verify' | 'job:cancel' | 'job:current'> {
  const driveFor = (driveId: string) => {
    const drive = drives.driveOf(driveId);
    if (!drive) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That drive' });
    return drive;
  };
  const viewsOf = (driveIds: string[]): DriveView[] => drives.current().filter((d) => driveIds.includes(d.driveId));

  return {
    'job:flash': async (request) => {
      // Refused as asked, not after the re-scan below: by then the running job may have ended.
      if (jobs.busy) throw new ImprintError('E_JOB_RUNNING');
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
}
