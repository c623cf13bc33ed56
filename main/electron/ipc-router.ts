// The IPC router: every request channel is routed to the service after checking that the sender is
// our window (and its top frame shows our page) and that the payload is what the contract allows;
// events go out to our window only. Electron's ipcMain is passed in (ipc.ts does it in the app), so
// the tests run this very code over an in-memory stand-in (main/test-support/contract/ipc-pair.ts).

import { ImprintError, toErrorData } from '../../app/errors.js';
import { REQUEST_CHANNELS, validatePayload, type EventChannel, type Events, type RequestChannel, type Result } from '../../app/ipc-contract.js';
import type { ImprintService } from '../service/create-service.js';

/** What the router reads of Electron's IpcMainInvokeEvent. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** What the router uses of Electron's ipcMain. */
export interface MainIpc {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

/** What the router uses of our BrowserWindow. */
export interface RoutedWindow {
  isDestroyed(): boolean;
  webContents: { id: number; send(channel: string, payload: unknown): void };
}

export interface IpcOptions {
  ipcMain: MainIpc;
  service: ImprintService;
  /** The window we created, or null before it exists / after it closed. */
  window: () => RoutedWindow | null;
  /** The URL our page is loaded from (file:// in production). */
  pageUrl: string;
}

export function isTrustedSender(event: InvokeEvent, window: RoutedWindow | null, pageUrl: string): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && frame.url.split('#')[0] === pageUrl;
}

const refused = (detail: string): Result<never> => ({ ok: false, error: new ImprintError('E_BAD_REQUEST', { detail }).toData() });

/** One request, answered with a Result whatever happens: a throw here would reach the window as a bare exception. */
async function route(options: IpcOptions, channel: RequestChannel, event: InvokeEvent, payload: unknown): Promise<Result<unknown>> {
  if (!isTrustedSender(event, options.window(), options.pageUrl)) return refused('it came from a page or frame that is not the window Imprint opened');
  let checked: unknown;
  try {
    // Checked here too, so a payload the contract does not allow never reaches the service.
    checked = validatePayload(channel, payload);
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
  try {
    return await options.service.handle(channel, checked);
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

export function setupIpcRouter(options: IpcOptions): () => void {
  for (const channel of REQUEST_CHANNELS) {
    options.ipcMain.handle(channel, (event, payload) => route(options, channel, event, payload));
  }
  const unsubscribe = options.service.onEvent((channel, payload) => sendEvent(options.window(), channel, payload));
  return () => {
    unsubscribe();
    for (const channel of REQUEST_CHANNELS) options.ipcMain.removeHandler(channel);
  };
}

export function sendEvent<E extends EventChannel>(window: RoutedWindow | null, channel: E, payload: Events[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
}
