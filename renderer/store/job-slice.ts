import type { Acknowledgement } from '../../app/acknowledgement.js';
import { windowMessage, type ErrorData } from '../../app/errors.js';
import type { CurrentJob, DriveView, ImprintApi, JobProgressEvent, JobResultEvent, JobStarted, Result } from '../../app/ipc-contract.js';
import type { JobResult, Progress } from '../../app/progress.js';
import { settle } from '../bridge.js';
import { messages } from '../messages.js';
import type { Mode } from './drive-selection.js';
import type { SliceCreator } from './types.js';

export type JobStatus = 'idle' | 'starting' | 'running' | 'cancelling' | 'done';

export interface JobInfo {
  kind: Mode;
  /** Null until main answers; events that arrive before the answer are adopted. */
  jobId: string | null;
  /** The drives as they were chosen: after ejecting, they leave the live list. */
  targets: DriveView[];
  imageName: string;
  eject: boolean;
}

/** What the user confirmed in the erase dialog. */
export interface FlashConfirmation {
  imageId: string;
  driveIds: string[];
  acknowledged: Acknowledgement[];
}

export interface JobSlice {
  jobStatus: JobStatus;
  job: JobInfo | null;
  progress: Progress | null;
  result: JobResult | null;
  /** The job could not start (a refusal, no permission …); nothing was written. */
  jobError: ErrorData | null;
  /** Starts writing what the confirmation showed (image, drives) with the ticks the user gave. */
  startFlash: (confirmed: FlashConfirmation) => Promise<void>;
  startVerify: () => Promise<void>;
  cancelJob: () => Promise<void>;
  jobProgress: (event: JobProgressEvent) => void;
  jobResult: (event: JobResultEvent) => void;
  /** Back to choosing drives; the image stays ("Flash another"). */
  newJob: () => void;
  /** The same job again on the chosen drives that are still there; writing asks for confirmation again. */
  retryJob: () => Promise<void>;
  /** Re-attaches to a job main is already running (the window was reloaded or opened late). */
  resumeJob: (current: CurrentJob) => void;
}

export const createJobSlice =
  (api: ImprintApi): SliceCreator<JobSlice> =>
  (set, get) => {
    function isOurs(jobId: string): boolean {
      const { job, jobStatus } = get();
      if (!job || jobStatus === 'idle' || jobStatus === 'done') return false;
      return job.jobId === null || job.jobId === jobId;
    }

    async function start(
      kind: Mode,
      driveIds: string[],
      request: (imageId: string, targets: DriveView[]) => Promise<Result<JobStarted>>,
    ): Promise<void> {
      const { image, drives, settings, jobStatus } = get();
      if (!image || jobStatus === 'starting' || jobStatus === 'running' || jobStatus === 'cancelling') return;
      const targets = driveIds.flatMap((id) => drives.filter((d) => d.driveId === id));
      if (targets.length === 0) return;
      set({
        jobStatus: 'starting',
        job: { kind, jobId: null, targets, imageName: image.name, eject: kind === 'flash' && settings.eject },
        progress: null,
        result: null,
        jobError: null,
      });
      const answer = await settle(request(image.imageId, targets));
      if (!answer.ok) {
        set({ jobStatus: 'idle', job: null, jobError: answer.error });
        get().announce(windowMessage(answer.error));
        return;
      }
      const { job, jobStatus: now } = get();
      if (job && job.jobId === null) set({ job: { ...job, jobId: answer.value.jobId } });
      if (now === 'starting') set({ jobStatus: 'running' });
    }

    return {
      jobStatus: 'idle',
      job: null,
      progress: null,
      result: null,
      jobError: null,
      async startFlash(confirmed) {
        // Exactly what the confirmation showed: an image that arrived since is not written.
        if (get().image?.imageId !== confirmed.imageId) {
          const notice = messages.flash.imageChanged(get().image?.name ?? '');
          set({ flashNotice: notice });
          get().announce(notice);
          return;
        }
        await start('flash', confirmed.driveIds, (imageId, targets) => {
          const { verify, eject } = get().settings;
          const shown = new Set(targets.map((t) => t.driveId));
          const acknowledged = confirmed.acknowledged.filter((a) => shown.has(a.driveId));
          return api.flash({ imageId, driveIds: targets.map((t) => t.driveId), acknowledged, verify, eject });
        });
      },
      startVerify: () => start('verify', get().selectedDriveIds, (imageId, targets) => api.verify(imageId, targets[0]?.driveId ?? '')),
      async cancelJob() {
        const { job, jobStatus } = get();
        if (!job?.jobId || (jobStatus !== 'running' && jobStatus !== 'starting')) return;
        set({ jobStatus: 'cancelling' });
        const answer = await settle(api.cancel(job.jobId));
        if (!answer.ok && get().jobStatus === 'cancelling') {
          set({ jobStatus: 'running' });
          get().announce(windowMessage(answer.error));
        }
      },
      jobProgress({ jobId, progress }) {
        if (!isOurs(jobId)) return;
        const { job, jobStatus, progress: before } = get();
        const adopt = job && job.jobId === null ? { job: { ...job, jobId } } : {};
        set({ ...adopt, progress, jobStatus: jobStatus === 'starting' ? 'running' : jobStatus });
        if (before?.phase !== progress.phase) get().announce(messages.progress.phaseAnnounce(messages.progress.phase[progress.phase]));
      },
      jobResult({ jobId, result }) {
        if (!isOurs(jobId)) return;
        const kind = get().job?.kind ?? 'flash';
        set({ result, jobStatus: 'done' });
        get().announce(resultAnnouncement(kind, result));
        void get().refreshDrives();
      },
      newJob() {
        set({ jobStatus: 'idle', job: null, progress: null, result: null, jobError: null, focusDrivesNext: true });
        get().clearSelection();
      },
      resumeJob(current) {
        if (get().jobStatus !== 'idle') return;
        get().imageOpened(current.image);
        set({
          jobStatus: 'running',
          job: { kind: current.kind, jobId: current.jobId, targets: current.drives, imageName: current.image.name, eject: current.eject },
          progress: current.progress,
          result: null,
          jobError: null,
        });
      },
      async retryJob() {
        const { job, drives } = get();
        if (!job) return;
        const still = job.targets.filter((t) => drives.some((d) => d.driveId === t.driveId)).map((t) => t.driveId);
        set({ jobStatus: 'idle', job: null, result: null, progress: null, selectedDriveIds: still, selectionTouched: true, focusDrivesNext: true });
        if (still.length === 0) return;
        if (job.kind === 'flash') get().setConfirmOpen(true);
        else await get().startVerify();
      },
    };
  };

function resultAnnouncement(kind: Mode, result: JobResult): string {
  if (result.cancelled) return messages.result.announceCancelled;
  if (kind === 'verify') return result.ok ? messages.verify.announceMatch : messages.verify.announceMismatch;
  return result.ok ? messages.result.announceOk(result.targets.every((t) => t.verified)) : messages.result.announceFailed;
}
