// The only module that touches Electron's ipcMain: it hands it to the router (ipc-router.ts), which
// checks every sender and payload before the service sees a request.

import { ipcMain } from 'electron';
import { setupIpcRouter, type IpcOptions } from './ipc-router.js';

export { sendEvent } from './ipc-router.js';

export function setupIpc(options: Omit<IpcOptions, 'ipcMain'>): () => void {
  return setupIpcRouter({ ...options, ipcMain });
}
