// The privileged writer: performs exactly one flash or verify job for the process that started
// it, then exits. It re-validates everything (flash() judges every target with the shared rules
// again), and it cancels and exits when its parent goes away.

import { ImprintError } from '../../app/errors.js';
import type { Progress } from '../../app/progress.js';
import { parseToWriter, type FromWriter, type WriterJob } from '../../app/writer-protocol.js';
import { flash } from '../engine/flash.js';
import { openImage, type ImageSource } from '../engine/source.js';
import { verifyDrive } from '../engine/verify.js';
import type { LineChannel } from '../engine/line-channel.js';

export interface WriterOptions {
  channel: LineChannel;
  /** The process that started us; when it is gone, the job is cancelled. */
  parentPid: number | null;
  /** How often the parent is checked. */
  parentPollMs?: number;
}

function parentAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runJob(job: WriterJob, send: (m: FromWriter) => void, signal: AbortSignal): Promise<void> {
  // Opened once, before any drive, with the rights of the user pkexec names (PKEXEC_UID): root
  // reads no file that user could not; every pass reads this one handle (sources/image-file.ts).
  const source = await openImage(job.image);
  try {
    await runOn(source, job, send, signal);
  } finally {
    await source.close();
  }
}

async function runOn(source: ImageSource, job: WriterJob, send: (m: FromWriter) => void, signal: AbortSignal): Promise<void> {
  const onProgress = (progress: Progress): void => send({ type: 'progress', progress });
  if (job.type === 'flash') {
    const expected = Object.fromEntries(job.devices.flatMap((d, i) => (job.expected[i] ? [[d, job.expected[i]]] : [])));
    const result = await flash(source, job.devices, {
      verify: job.verify,
      eject: job.eject,
      // Never from the job: the override is for "sudo imprint flash --allow-system-drive" only.
      allowSystemDrive: false,
      signal,
      onProgress,
      expected,
    });
    send({ type: 'result', result });
  } else {
    send({ type: 'result', result: await verifyDrive(source, job.device, { signal, onProgress, expected: job.expected }) });
  }
}

/** Resolves with the exit code once the job is done (or refused, or abandoned). */
export function runWriter(options: WriterOptions): Promise<number> {
  const { channel } = options;
  const controller = new AbortController();
  let job: Promise<void> | null = null;

  return new Promise((resolve) => {
    const finish = (code: number): void => {
      clearInterval(watch);
      channel.close();
      resolve(code);
    };
    const abandon = (): void => {
      controller.abort();
      if (!job) finish(1);
    };
    const watch = setInterval(() => {
      if (options.parentPid !== null && !parentAlive(options.parentPid)) abandon();
    }, options.parentPollMs ?? 500);

    channel.onClose(abandon);
    channel.onLine((line) => {
      let message;
      try {
        message = parseToWriter(line);
      } catch (error) {
        channel.send({ type: 'error', error: new ImprintError('E_INTERNAL', { detail: `writer: ${(error as Error).message}` }).toData() });
        return;
      }
      if (message.type === 'cancel') {
        controller.abort();
        return;
      }
      if (message.type === 'auth' || job) {
        channel.send({ type: 'error', error: new ImprintError('E_INTERNAL', { detail: 'writer: one job per writer' }).toData() });
        return;
      }
      job = runJob(message, (m) => channel.send(m), controller.signal).then(
        () => finish(0),
        (error: unknown) => {
          const data = error instanceof ImprintError ? error.toData() : new ImprintError('E_INTERNAL', { detail: String(error) }).toData();
          channel.send({ type: 'error', error: data });
          finish(1);
        },
      );
    });
    channel.send({ type: 'ready' });
  });
}
