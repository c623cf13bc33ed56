// Runs inside the page (bundled by the harness, installed with addInitScript): builds
// window.imprint with the same createImprintApi the preload uses, over a transport whose requests
// go to the real service in the Playwright process (exposeBinding) and whose events come back
// through window.__imprintEmit.

import { createImprintApi, type Transport } from '../../../app/ipc-api.js';
import type { EventChannel, RequestAnswer, RequestChannel, Result } from '../../../app/ipc-contract.js';

interface BridgeWindow {
  __imprintInvoke(channel: string, payload: unknown): Promise<unknown>;
  __imprintEmit?: (channel: EventChannel, payload: unknown) => void;
  /** Drag-and-drop has no file paths in a browser: the test says which path a dropped name stands for. */
  __imprintDropPaths?: Record<string, string>;
}

const page = window as unknown as Window & BridgeWindow;
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

const transport: Transport = {
  invoke<C extends RequestChannel>(channel: C, payload: unknown) {
    return page.__imprintInvoke(channel, payload ?? null) as Promise<Result<RequestAnswer<C>>>;
  },
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set<(payload: unknown) => void>();
    listeners.set(channel, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
  pathForFile(file) {
    return page.__imprintDropPaths?.[file.name] ?? '';
  },
};

page.__imprintEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};
page.imprint = Object.freeze(createImprintApi(transport));
