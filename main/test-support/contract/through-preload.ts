// The window reaching the real service as it does in the app: the preload body exposes
// window.imprint over a window's ipcRenderer, the IPC router checks and routes each request to the
// service. Only Electron's IPC itself is the in-memory pair (ipc-pair.ts). The router and the
// preload are handed in by the tests (main/electron/*.test.ts): the real ones, since test support
// may not import the Electron layer (eslint.config.mjs).

import type { ImprintApi } from '../../../app/ipc-contract.js';
import type { ImprintService } from '../../service/create-service.js';
import { ipcPair, type IpcPair, type PairElectron, type PairMain, type RendererSide } from './ipc-pair.js';
import type { Connect } from './real-world.js';

/** The Electron layer's two entry points, as main/electron/ipc-router.ts and preload-bridge.ts export them. */
export interface ElectronSide {
  setupIpcRouter(options: { ipcMain: PairMain; service: ImprintService; window: () => RendererSide['window'] | null; pageUrl: string }): () => void;
  exposeImprintApi(electron: PairElectron): void;
}

/** Where our page is loaded from in the packaged app (main/electron/window.ts's pageUrlFor). */
export const PAGE_URL = 'file:///opt/imprint/resources/app.asar/dist/renderer/index.html';

export interface Wiring {
  pair: IpcPair;
  /** Our window: the router trusts it. */
  ours: RendererSide;
  /** Whose window the router trusts (ours by default; null: no window yet, or closed). */
  trusted: { window: RendererSide['window'] | null };
  /** Every request channel that reached the service, in order. */
  reached: string[];
  teardown: () => void;
}

/** The service as given, noting each request that reaches it. */
export function recording(service: ImprintService, reached: string[]): ImprintService {
  return {
    handle(channel, payload) {
      reached.push(String(channel));
      return service.handle(channel, payload);
    },
    onEvent: (listener) => service.onEvent(listener),
    openPath: (path) => service.openPath(path),
    get busy() {
      return service.busy;
    },
    dispose: () => service.dispose(),
  };
}

/** Wires a service to our window's page through the router and the preload; answers the page's window.imprint. */
export function wire(electronSide: ElectronSide, service: ImprintService, pathOf?: (name: string) => string): Wiring & { api: ImprintApi } {
  const pair = ipcPair();
  const reached: string[] = [];
  const ours = pair.renderer(PAGE_URL, pathOf);
  const trusted: Wiring['trusted'] = { window: ours.window };
  const teardown = electronSide.setupIpcRouter({ ipcMain: pair.ipcMain, service: recording(service, reached), window: () => trusted.window, pageUrl: PAGE_URL });
  electronSide.exposeImprintApi(ours.electron);
  return { pair, ours, trusted, reached, teardown, api: ours.mainWorld.imprint as ImprintApi };
}

/** A world's Connect through the preload and the router; `wired` sees the wiring (to look at what reached the service). */
export function throughPreload(electronSide: ElectronSide, wired: (wiring: Wiring) => void = () => undefined): Connect {
  return (service, pathForName) => {
    const wiring = wire(electronSide, service, pathForName);
    wired(wiring);
    return { api: wiring.api, close: wiring.teardown };
  };
}
