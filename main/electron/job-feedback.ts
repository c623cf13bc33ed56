// While a job runs: taskbar/dock progress, a system notification at the end, and a window that
// cannot be closed without confirming that the job will be cancelled. Both say what the engine
// reported (what was asked, what each drive holds), never more: texts in window-texts.ts.

import { dialog, Notification, type BrowserWindow } from 'electron';
import type { CurrentJob, EventChannel, Events } from '../../app/ipc-contract.js';
import type { JobResult, Phase, TargetResult } from '../../app/progress.js';
import type { ImprintService } from '../service/create-service.js';
import { CLOSE_DIALOG, NOTICE } from './window-texts.js';

/** An event as a discriminated union, so that checking the channel narrows the payload. */
type ServiceEvent = { [E in EventChannel]: { channel: E; payload: Events[E] } }[EventChannel];

type Kind = 'flash' | 'verify';

/**
 * What was asked. Older writers do not say: a result whose drives report what was written is a
 * flash; a successful one where nothing was written only compared (a flash that succeeds has
 * written everything); otherwise it cannot be told.
 */
function kindOf(result: JobResult): Kind | null {
  if (result.kind) return result.kind;
  if (result.targets.some((t) => t.imageWritten !== undefined || t.written)) return 'flash';
  return result.ok && result.targets.length > 0 ? 'verify' : null;
}

function cancelledPhrase(t: TargetResult, kind: Kind | null): string {
  if (kind === 'verify') return NOTICE.cancelledCheck;
  if (t.imageWritten === 'nothing') return NOTICE.cancelledNothing;
  if (t.imageWritten === 'partly') return NOTICE.cancelledPartly;
  if (t.imageWritten === 'all') return NOTICE.cancelledAll;
  return NOTICE.cancelled;
}

/** One drive's outcome, from its result's facts. */
function targetPhrase(t: TargetResult, kind: Kind | null, cancelled: boolean): string {
  if (t.ok) return kind === 'verify' ? NOTICE.matches : t.verified ? NOTICE.writtenVerified : NOTICE.writtenNotVerified;
  if (cancelled || t.error?.code === 'E_CANCELLED') return cancelledPhrase(t, kind);
  if (kind === 'verify' && t.error?.code === 'E_VERIFY_MISMATCH') return NOTICE.differs;
  if (t.imageWritten === 'partly') return NOTICE.failedPartly;
  if (t.imageWritten === 'nothing') return NOTICE.failedNothing;
  return NOTICE.failed;
}

export function resultNotice(result: JobResult): { title: string; body: string } {
  const kind = kindOf(result);
  const titles = NOTICE.titles[kind ?? 'unknown'];
  const title = result.ok ? titles.ok : result.cancelled ? titles.cancelled : titles.failed;
  // Drives with the same outcome share one sentence: "/dev/sdb, /dev/sdc: written and verified."
  const groups = new Map<string, string[]>();
  for (const t of result.targets) {
    const phrase = targetPhrase(t, kind, result.cancelled);
    groups.set(phrase, [...(groups.get(phrase) ?? []), t.device]);
  }
  const sentences = [...groups].map(([phrase, devices]) => `${devices.join(', ')}: ${phrase}.`);
  const count = result.targets.length;
  if (result.ok && kind === 'flash') {
    sentences.push(result.targets.every((t) => t.ejected === true) ? NOTICE.removeNow(count) : NOTICE.ejectFirst(count));
  } else if (!result.ok && !result.cancelled) {
    sentences.push(NOTICE.openImprint);
  }
  return { title, body: sentences.join(' ') };
}

/** How far the running job got, from its progress events: what closing the window now would leave. */
export interface JobStage {
  /** From job:current, once known; a job with a writing phase is a flash. */
  kind: Kind | null;
  phase: Phase | null;
  /** The job has had a writing phase (a verify-only job never writes). */
  wrote: boolean;
}

export function closeDialog(stage: JobStage): { title: string; message: string; detail: string; buttons: [string, string] } {
  // Phase changes are never dropped (progress-meter.ts): checking without having written is a verify-only job.
  const kind = stage.wrote ? 'flash' : stage.phase === 'verifying' ? 'verify' : (stage.kind ?? 'unknown');
  const d = CLOSE_DIALOG.detail;
  const detail =
    stage.phase === 'writing'
      ? d.writing
      : stage.phase === 'verifying'
        ? stage.wrote
          ? d.checkingAfterWrite
          : d.checkingOnly
        : stage.phase === 'finishing' && stage.wrote
          ? d.finishing
          : d.notStarted;
  return {
    title: CLOSE_DIALOG.title[kind],
    message: CLOSE_DIALOG.message[kind],
    detail,
    buttons: [CLOSE_DIALOG.keep[kind], CLOSE_DIALOG.cancelAndClose],
  };
}

/** What the running job was asked to do (flash or verify), as the service remembers it. */
async function learnKind(service: ImprintService, stage: JobStage): Promise<void> {
  const answer = await service.handle('job:current', undefined);
  if (answer.ok && answer.value !== null) stage.kind = (answer.value as CurrentJob).kind;
}

export function setupJobFeedback(service: ImprintService, window: () => BrowserWindow | null): void {
  service.onEvent((channel, payload) => {
    const win = window();
    if (!win || win.isDestroyed()) return;
    const event = { channel, payload } as ServiceEvent;
    if (event.channel === 'job:progress') {
      const p = event.payload.progress;
      const fraction = p.total > 0 ? p.bytes / p.total : 0;
      win.setProgressBar(p.phase === 'preparing' || p.phase === 'finishing' ? 2 : fraction, {
        mode: p.phase === 'verifying' ? 'paused' : 'normal',
      });
    } else if (event.channel === 'job:result') {
      win.setProgressBar(-1);
      if (Notification.isSupported()) new Notification(resultNotice(event.payload.result)).show();
    }
  });
}

/** Asks before closing while a job runs, saying what stopping now leaves; cancels it (leaving the drive in its known state) before quitting. */
export function guardClose(win: BrowserWindow, service: ImprintService): void {
  let confirmed = false;
  const stage: JobStage = { kind: null, phase: null, wrote: false };
  service.onEvent((channel, payload) => {
    const event = { channel, payload } as ServiceEvent;
    if (event.channel === 'job:progress') {
      if (stage.kind === null && stage.phase === null) void learnKind(service, stage);
      stage.phase = event.payload.progress.phase;
      if (stage.phase === 'writing') stage.wrote = true;
    } else if (event.channel === 'job:result') {
      Object.assign(stage, { kind: null, phase: null, wrote: false });
    }
  });
  win.on('close', (event) => {
    if (confirmed || !service.busy) return;
    event.preventDefault();
    const words = closeDialog(stage);
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: words.buttons,
      defaultId: 0,
      cancelId: 0,
      title: words.title,
      message: words.message,
      detail: words.detail,
    });
    if (choice !== 1) return;
    confirmed = true;
    void service.dispose().then(() => win.close());
  });
}
