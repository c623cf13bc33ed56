// Runs one job on a started writer: relays progress, resolves with the result, and turns a writer
// that vanishes mid-job into an error naming the drives, never a hang.

import { ImprintError } from '../../app/errors.js';
import type { JobResult, Progress } from '../../app/progress.js';
import type { WriterJob } from '../../app/writer-protocol.js';
import type { WriterSession } from './writer-session.js';

export interface RunningJob {
  result: Promise<JobResult>;
  cancel(): void;
}

export function runJob(session: WriterSession, job: WriterJob, onProgress: (p: Progress) => void): RunningJob {
  const devices = job.type === 'flash' ? job.devices : [job.device];
  const result = new Promise<JobResult>((resolve, reject) => {
    let settled = false;
    session.onMessage((m) => {
      if (settled) return;
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'result') {
        settled = true;
        resolve(m.result);
      } else if (m.type === 'error') {
        settled = true;
        reject(ImprintError.fromData(m.error));
      }
    });
    session.onGone((stderr) => {
      if (settled) return;
      settled = true;
      const detail = stderr.trim().split('\n').pop();
      reject(new ImprintError('E_WRITER_DIED', { device: devices.join(', '), detail: detail || undefined }));
    });
  });
  session.send(job);
  return { result, cancel: () => session.send({ type: 'cancel' }) };
}
