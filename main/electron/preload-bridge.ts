// The preload's body: exposes window.imprint — one function per request, one onX per event — and
// never ipcRenderer itself. Only known event channels can be subscribed to. Electron's renderer-side
// objects are passed in (preload.ts does it in the app), so the tests run this very code over an
// in-memory stand-in (main/test-support/contract/ipc-pair.ts).

import { createImprintApi } from '../../app/ipc-api.js';
import { EVENT_CHANNELS, type EventChannel, type Events, type RequestAnswer, type RequestChannel, type Result } from '../../app/ipc-contract.js';

type IpcListener = (event: unknown, payload: unknown) => void;

/** What the preload uses of Electron's contextBridge, ipcRenderer and webUtils. */
export interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, payload: unknown): Promise<unknown>;
    on(channel: string, listener: IpcListener): unknown;
    removeListener(channel: string, listener: IpcListener): unknown;
  };
  webUtils: { getPathForFile(file: File): string };
}

export function exposeImprintApi({ contextBridge, ipcRenderer, webUtils }: PreloadElectron): void {
  const api = createImprintApi({
    invoke<C extends RequestChannel>(channel: C, payload: unknown) {
      // Main answers every request channel with a Result of its answer type (ipc-router.ts).
      return ipcRenderer.invoke(channel, payload) as Promise<Result<RequestAnswer<C>>>;
    },
    subscribe<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
      if (!EVENT_CHANNELS.includes(channel)) throw new Error(`unknown event ${channel}`);
      // Main is the only sender on these channels (ipc-router.ts), and it sends exactly Events[E].
      const handler: IpcListener = (_event, payload) => listener(payload as Events[E]);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
    // The renderer hands the DOM File it got from the drop event; app/ types it only by what it uses.
    pathForFile: (file) => webUtils.getPathForFile(file as File),
  });
  contextBridge.exposeInMainWorld('imprint', api);
}
