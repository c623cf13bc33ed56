// The only module that touches ipcMain: every request channel is routed to the service after
// checking that the sender is our window (and its top frame shows our page); events go out the same way.

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ImprintError } from '../../app/errors.js';
import { REQUEST_CHANNELS, type EventChannel, type Events, type Result } from '../../app/ipc-contract.js';
import type { ImprintService } from '../service/create-service.js';

export interface IpcOptions {
  service: ImprintService;
  /** The window we created, or null before it exists / after it closed. */
  window: () => BrowserWindow | null;
  /** The URL our page is loaded from (file:// in production). */
  pageUrl: string;
}

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null, pageUrl: string): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && frame.url.split('#')[0] === pageUrl;
}

export function setupIpc(options: IpcOptions): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, options.window(), options.pageUrl)) {
        return { ok: false, error: new ImprintError('E_USAGE', { detail: 'Request from an unknown sender refused.' }).toData() };
      }
      return options.service.handle(channel, payload);
    });
  }
  const unsubscribe = options.service.onEvent((channel, payload) => sendEvent(options.window(), channel, payload));
  return () => {
    unsubscribe();
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

export function sendEvent<E extends EventChannel>(window: BrowserWindow | null, channel: E, payload: Events[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
}
