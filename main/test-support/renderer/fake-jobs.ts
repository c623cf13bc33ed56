// The fake's jobs, as main's JobRunner runs them: one at a time (E_JOB_RUNNING), shown by job:current
// while it runs, cancel answering whether that was the running job. Who reports progress and the
// result is state.writer: the test (fake.emit; the job ends at its job:result), or a stand-in for the
// writer that reports them a moment later, with the phases and results the real writer sends.

import { ImprintError } from '../../../app/errors.js';
import type { DriveView, JobProgressEvent, JobResultEvent } from '../../../app/ipc-contract.js';
import type { JobResult, Phase, TargetProgress, TargetResult } from '../../../app/progress.js';
import { baseName, type FakeState } from './fake-state.js';
import type { OpenedImage } from './fake-images.js';

export interface JobPlan {
  kind: 'flash' | 'verify';
  opened: OpenedImage;
  /** The drives as they were chosen (job:current's drives). */
  views: DriveView[];
  devices: string[];
  verify: boolean;
  eject: boolean;
}

interface JobEvents {
  progress(event: JobProgressEvent): void;
  result(event: JobResultEvent): void;
}

const WRITE_SPEED = 200_000_000;
const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class FakeJobs {
  private started = 0;
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly state: FakeState,
    private readonly events: JobEvents,
  ) {}

  start(plan: JobPlan): string {
    if (this.state.currentJob) throw new ImprintError('E_JOB_RUNNING');
    this.started += 1;
    const jobId = `job-${this.started}`;
    this.state.currentJob = { jobId, kind: plan.kind, image: plan.opened.summary, drives: plan.views, eject: plan.eject, progress: null };
    if (this.state.writer === 'simulated') void this.run(jobId, plan);
    return jobId;
  }

  cancel(jobId: string): boolean {
    if (this.state.currentJob?.jobId !== jobId) return false;
    this.cancelled.add(jobId);
    return true;
  }

  /** A job:progress of the running job (from the stand-in or a test). */
  progressed(event: JobProgressEvent): void {
    if (this.state.currentJob?.jobId === event.jobId) this.state.currentJob = { ...this.state.currentJob, progress: event.progress };
  }

  /** A job:result: the job is over. */
  ended(event: JobResultEvent): void {
    if (this.state.currentJob?.jobId === event.jobId) this.state.currentJob = null;
  }

  /** The stand-in writer: cancellation is seen before it starts, as the real one sees a cancel sent at once. */
  private async run(jobId: string, plan: JobPlan): Promise<void> {
    await nextTick();
    const { size } = plan.opened.summary;
    const image = baseName(plan.opened.path);
    if (this.cancelled.has(jobId)) {
      this.events.result({ jobId, result: cancelledResult(plan, image) });
      return;
    }
    const report = async (phase: Phase, bytes: number, total: number, targets: TargetProgress[]): Promise<void> => {
      this.events.progress({ jobId, progress: { phase, bytes, total, speed: bytes > 0 ? WRITE_SPEED : 0, eta: bytes > 0 ? 0 : null, targets } });
      await nextTick();
    };
    await report('preparing', 0, 1, plan.devices.map((device) => ({ device, state: 'pending', bytes: 0 })));
    const written = plan.kind === 'flash';
    if (written) {
      await report('writing', size, size, plan.devices.map((device) => ({ device, state: 'done', bytes: size })));
      for (const device of plan.devices) this.state.written[device] = plan.opened.path;
    }
    const targets: TargetResult[] = plan.devices.map((device) => ({
      device,
      ok: true,
      written,
      verified: false,
      bytesWritten: written ? size : 0,
      writeSpeed: written ? WRITE_SPEED : null,
      // The engine's flash says what each drive holds; its verify does not (main/engine/flash.ts, verify.ts).
      ...(written ? { imageWritten: 'all' as const } : {}),
    }));
    if (plan.verify) {
      for (const target of targets) {
        if (this.state.written[target.device] === plan.opened.path) target.verified = true;
        else Object.assign(target, { ok: false, error: new ImprintError('E_VERIFY_MISMATCH', { device: target.device, offset: 0 }).toData() });
      }
      await report('verifying', size, size, targets.map((t) => ({ device: t.device, state: t.verified ? 'verified' : 'failed', bytes: t.verified ? size : 0, ...(t.error ? { error: t.error } : {}) })));
    }
    await report('finishing', 0, 1, targets.map((t) => ({ device: t.device, state: t.ok ? (t.verified ? 'verified' : 'done') : 'failed', bytes: t.ok ? size : 0 })));
    const result: JobResult = { ...(written ? { kind: 'flash' as const } : {}), ok: targets.every((t) => t.ok), cancelled: false, image, size, seconds: 0.2, targets };
    this.events.result({ jobId, result });
  }
}

/** What main reports for a job cancelled before the writer started (main/supervisor/job-runner.ts). */
function cancelledResult(plan: JobPlan, image: string): JobResult {
  const error = new ImprintError('E_CANCELLED', { detail: 'nothing was written to the drive' }).toData();
  const targets = plan.devices.map((device) => ({ device, ok: false, written: false, verified: false, bytesWritten: 0, writeSpeed: null, error }));
  return { ok: false, cancelled: true, image, size: 0, seconds: 0, targets };
}
