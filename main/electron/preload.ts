// Preload (sandboxed, bundled): exposes window.imprint — one function per request, one onX per
// event — and never ipcRenderer itself. Only known event channels can be subscribed to.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createImprintApi } from '../../app/ipc-api.js';
import { EVENT_CHANNELS, type EventChannel, type Events, type RequestChannel } from '../../app/ipc-contract.js';

const api = createImprintApi({
  invoke: (channel: RequestChannel, payload: unknown) => ipcRenderer.invoke(channel, payload),
  subscribe<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
    if (!EVENT_CHANNELS.includes(channel)) throw new Error(`unknown event ${channel}`);
    // Main is the only sender on these channels (ipc.ts), and it sends exactly Events[E].
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as Events[E]);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
  // The renderer hands the DOM File it got from the drop event; app/ types it only by what it uses.
  pathForFile: (file) => webUtils.getPathForFile(file as File),
});

contextBridge.exposeInMainWorld('imprint', api);
