// While a job runs: taskbar/dock progress, a system notification at the end, and a window that
// cannot be closed without confirming that the job will be cancelled.

import { dialog, Notification, type BrowserWindow } from 'electron';
import type { EventChannel, Events } from '../../app/ipc-contract.js';
import type { ImprintService } from '../service/create-service.js';

/** An event as a discriminated union, so that checking the channel narrows the payload. */
type ServiceEvent = { [E in EventChannel]: { channel: E; payload: Events[E] } }[EventChannel];

export function resultNotice(ok: boolean, cancelled: boolean, devices: string[]): { title: string; body: string } {
  const names = devices.join(', ');
  if (ok) return { title: 'Flash complete', body: `${names}: written and verified. You can remove the drive.` };
  if (cancelled) return { title: 'Flash cancelled', body: `${names}: cancelled.` };
  return { title: 'Flash failed', body: `${names}: open Imprint to see what happened and what to do.` };
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
      const { result } = event.payload;
      if (Notification.isSupported()) {
        new Notification(resultNotice(result.ok, result.cancelled, result.targets.map((t) => t.device))).show();
      }
    }
  });
}

/** Asks before closing while a job runs; cancels it (leaving the drive in its known state) before quitting. */
export function guardClose(win: BrowserWindow, service: ImprintService): void {
  let confirmed = false;
  win.on('close', (event) => {
    if (confirmed || !service.busy) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Keep writing', 'Cancel and close'],
      defaultId: 0,
      cancelId: 0,
      title: 'A flash is running',
      message: 'Closing Imprint will cancel the flash.',
      detail: 'The drive will be left with an incomplete image and its partition table cleared; flash it again before use.',
    });
    if (choice !== 1) return;
    confirmed = true;
    void service.dispose().then(() => win.close());
  });
}
