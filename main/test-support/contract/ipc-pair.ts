// An in-memory stand-in for Electron's IPC, the one thing the tests cannot run for real (Electron's
// binary does not run here): ipcMain on one side; on the other, windows with their own web contents
// and frames, each with the ipcRenderer, contextBridge and webUtils its preload is given. It keeps
// what matters of Electron's behaviour: payloads and answers are structured-cloned both ways, an
// invoke without a handler rejects, a second handler for a channel throws, every request carries its
// sender (web contents id, frame URL, parent frame), and events reach only the web contents sent to.

// Its types are the parts of Electron's API the router and the preload use (main/electron/
// ipc-router.ts, preload-bridge.ts), written out: test support does not import the Electron layer,
// the tests hand it in (through-preload.ts), and the compiler checks the two fit.

/** What a handler learns of a request's sender (Electron's IpcMainInvokeEvent). */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

type Handler = (event: InvokeEvent, payload: unknown) => Promise<unknown>;
type Listener = (event: unknown, payload: unknown) => void;

export interface PairMain {
  handle(channel: string, listener: Handler): void;
  removeHandler(channel: string): void;
}

export interface PairRendererIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: Listener): void;
  removeListener(channel: string, listener: Listener): void;
}

/** What a window's preload is given: contextBridge, ipcRenderer and webUtils. */
export interface PairElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: PairRendererIpc;
  webUtils: { getPathForFile(file: File): string };
}

export interface FrameOptions {
  /** The URL the frame shows. */
  url: string;
  /** An iframe inside the page, rather than its top frame. */
  subFrame?: boolean;
}

export interface FakeWindow {
  isDestroyed(): boolean;
  webContents: { id: number; send(channel: string, payload: unknown): void };
  /** Closes the window: its web contents is destroyed. */
  destroy(): void;
}

export interface RendererSide {
  window: FakeWindow;
  /** What the preload gets from Electron in this window's top frame. */
  electron: PairElectron;
  /** What the preload exposed to the page (window.imprint and so on). */
  mainWorld: Record<string, unknown>;
  /** The ipcRenderer of another frame of this same web contents (an iframe, or the page after navigating away). */
  frame(options: FrameOptions): PairRendererIpc;
  /** Event channels this web contents was sent, in order. */
  received: string[];
}

export interface IpcPair {
  ipcMain: PairMain;
  /** The channels with a handler now. */
  handled(): string[];
  /** A new window (its own web contents) whose top frame shows `url`; dropped files' paths come from pathOf. */
  renderer(url: string, pathOf?: (name: string) => string): RendererSide;
}

/** Electron's contextBridge copies what it exposes: functions are proxied (their arguments and results copied), the object is frozen. */
function bridged(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) throw new Error(`contextBridge: ${key} is not an object`);
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (typeof member !== 'function') throw new Error(`contextBridge: ${key}.${name} is not a function (the API exposes functions only)`);
    const fn = member as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => copyAcross(fn(...args.map(copyAcross)));
  }
  return Object.freeze(out);
}

function copyAcross(value: unknown): unknown {
  if (typeof value === 'function') return value;
  if (value instanceof Promise) return value.then(copyAcross);
  return structuredClone(value);
}

export function ipcPair(): IpcPair {
  const handlers = new Map<string, Handler>();
  let contentsIds = 0;

  const ipcMain: PairMain = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };

  function renderer(url: string, pathOf: (name: string) => string = () => ''): RendererSide {
    contentsIds += 1;
    const id = contentsIds;
    const listeners = new Map<string, Set<Listener>>();
    const received: string[] = [];
    let destroyed = false;

    const ipcFor = (frame: FrameOptions): PairRendererIpc => ({
      async invoke(channel, payload) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        const event: InvokeEvent = { sender: { id }, senderFrame: { url: frame.url, parent: frame.subFrame ? { url } : null } };
        return structuredClone(await handler(event, structuredClone(payload)));
      },
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set<Listener>();
        listeners.set(channel, set);
        set.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
    });

    const window: FakeWindow = {
      isDestroyed: () => destroyed,
      webContents: {
        id,
        send(channel, payload) {
          if (destroyed) throw new Error('Object has been destroyed');
          received.push(channel);
          const copy = structuredClone(payload);
          // Delivered later, in the renderer process: never inside the sender's call.
          queueMicrotask(() => {
            for (const listener of listeners.get(channel) ?? []) listener({ senderId: 0 }, copy);
          });
        },
      },
      destroy() {
        destroyed = true;
      },
    };

    const mainWorld: Record<string, unknown> = {};
    const electron: PairElectron = {
      contextBridge: {
        exposeInMainWorld(key, api) {
          if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
          mainWorld[key] = bridged(api, key);
        },
      },
      ipcRenderer: ipcFor({ url }),
      webUtils: { getPathForFile: (file) => pathOf(file.name) },
    };
    return { window, electron, mainWorld, frame: ipcFor, received };
  }

  return { ipcMain, handled: () => [...handlers.keys()], renderer };
}
