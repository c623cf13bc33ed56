// One flash or verify job at a time, run by the privileged writer. Progress and the result are
// pushed as events; a job that cannot even start (elevation refused) ends with a failed result.
//
// The job pipeline, from the click to the device (main's side is this folder):
//   main/service/handlers/jobs.ts      the window's job requests: re-scan, re-judge, acknowledgements
//   main/supervisor/job-runner.ts      this file: one job at a time, its events, cancel, shutdown
//   main/supervisor/writer-session.ts  starts the writer (elevated when needed), holds its channel
//   main/supervisor/run-job.ts         relays one job over a session; a vanished writer is an error
//   main/engine/line-channel.ts        the transport both sides speak (newline-delimited JSON)
//   app/writer-protocol.ts             the messages, validated on each side
//   main/writer/                       the privileged process: authenticate, run one job, exit
//   main/engine/flash.ts, verify.ts    the job itself: judge, unmount, write, verify, eject

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Drive } from '../../app/drive.js';
import { ImprintError, type ErrorData } from '../../app/errors.js';
import type { JobProgressEvent, JobResultEvent } from '../../app/ipc-contract.js';
import type { JobResult, Progress } from '../../app/progress.js';
import type { ExpectedDrive, WriterJob } from '../../app/writer-protocol.js';
import { runJob, type RunningJob } from './run-job.js';
import { startWriter, type WriterLaunch, type WriterSession } from './writer-session.js';

export interface JobEvents {
  progress(event: JobProgressEvent): void;
  result(event: JobResultEvent): void;
}

interface ActiveJob<Meta> {
  jobId: string;
  kind: WriterJob['type'];
  /** What the caller attached to the job (the service: image and drives as chosen). */
  meta: Meta;
  progress: Progress | null;
  cancelled: boolean;
  running: RunningJob | null;
  session: WriterSession | null;
}

/** The drive as the user saw it when choosing: the writer refuses a different medium behind the same path. */
function chosenAs(drive: Drive): ExpectedDrive {
  return { size: drive.size, identity: drive.identity };
}

function failedResult(job: WriterJob, error: ErrorData, cancelled: boolean): JobResult {
  const devices = job.type === 'flash' ? job.devices : [job.device];
  return {
    ok: false,
    cancelled,
    image: job.image,
    size: 0,
    seconds: 0,
    targets: devices.map((device) => ({ device, ok: false, written: false, verified: false, bytesWritten: 0, writeSpeed: null, error })),
  };
}

export class JobRunner<Meta> {
  private active: ActiveJob<Meta> | null = null;

  constructor(
    private readonly launch: WriterLaunch,
    private readonly events: JobEvents,
  ) {}

  get busy(): boolean {
    return this.active !== null;
  }

  flash(image: string, drives: Drive[], options: { verify: boolean; eject: boolean }, meta: Meta): string {
    return this.start(meta, {
      type: 'flash',
      image,
      devices: drives.map((d) => d.device),
      expected: drives.map(chosenAs),
      verify: options.verify,
      eject: options.eject,
    });
  }

  verify(image: string, drive: Drive, meta: Meta): string {
    return this.start(meta, { type: 'verify', image, device: drive.device, expected: chosenAs(drive) });
  }

  /** The running job, its latest progress, and the meta it was started with. */
  current(): { jobId: string; kind: WriterJob['type']; progress: Progress | null; meta: Meta } | null {
    const active = this.active;
    return active ? { jobId: active.jobId, kind: active.kind, progress: active.progress, meta: active.meta } : null;
  }

  cancel(jobId: string): boolean {
    const active = this.active;
    if (!active || active.jobId !== jobId) return false;
    active.cancelled = true;
    active.running?.cancel();
    return true;
  }

  /** Cancels whatever runs and waits for the writer to leave the drive in its known state. */
  async shutdown(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.cancel(active.jobId);
    await active.running?.result.catch(() => undefined);
  }

  private start(meta: Meta, job: WriterJob): string {
    if (this.active) throw new ImprintError('E_JOB_RUNNING');
    const active: ActiveJob<Meta> = { jobId: randomUUID(), kind: job.type, meta, progress: null, cancelled: false, running: null, session: null };
    this.active = active;
    void this.run(job, active);
    return active.jobId;
  }

  private async run(job: WriterJob, active: ActiveJob<Meta>): Promise<void> {
    const { jobId } = active;
    let result: JobResult;
    try {
      active.session = await startWriter(this.launch);
      if (active.cancelled) {
        active.session.kill();
        throw new ImprintError('E_CANCELLED', { detail: 'nothing was written to the drive' });
      }
      active.running = runJob(active.session, job, (progress) => {
        active.progress = progress;
        this.events.progress({ jobId, progress });
      });
      result = await active.running.result;
    } catch (error) {
      const data = error instanceof ImprintError ? error.toData() : new ImprintError('E_INTERNAL', { detail: String(error) }).toData();
      result = failedResult(job, data, active.cancelled || data.code === 'E_CANCELLED');
    } finally {
      this.active = null;
    }
    // The window gets names, never paths.
    this.events.result({ jobId, result: { ...result, image: basename(result.image) } });
  }
}
