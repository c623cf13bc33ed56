// Electron is replaced at its boundary only (ipcMain, the window); the service behind it is real.

import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../app/ipc-contract.js';
import { REQUEST_CHANNELS } from '../../app/ipc-contract.js';
import { createImprintService } from '../service/create-service.js';
import { sendEvent, setupIpc } from './ipc.js';

type Handler = (event: unknown, payload: unknown) => Promise<Result<unknown>>;
const { handlers } = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));


const PAGE = 'file:///opt/imprint/dist/renderer/index.html';

function fakeWindow(id: number) {
  const sent: [string, unknown][] = [];
  return {
    isDestroyed: () => false,
    webContents: { id, send: (channel: string, payload: unknown) => sent.push([channel, payload]) },
    sent,
  };
}

const event = (senderId: number, url = PAGE, parent: unknown = null) => ({ sender: { id: senderId }, senderFrame: { url, parent } });

describe('setupIpc', () => {
  beforeEach(() => handlers.clear());

  it('registers exactly the contract channels and routes our window\'s requests to the service', async () => {
    const service = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve(null), chooseSumsFile: () => Promise.resolve(null) },
      writer: { writer: { command: 'false', args: [] } },
      dataDir: null,
      drivePollMs: 60_000,
    });
    const win = fakeWindow(7);
    const teardown = setupIpc({ service, window: () => win as never, pageUrl: PAGE });
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    const settings = handlers.get('settings:get');
    expect(await settings?.(event(7), undefined)).toMatchObject({ ok: true, value: { verify: true } });
    expect(await handlers.get('settings:set')?.(event(7), { verify: 'yes' })).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
    teardown();
    expect(handlers.size).toBe(0);
    await service.dispose();
  });

  it('refuses requests from another web contents, a sub-frame, or a page that is not ours', async () => {
    const service = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve('/etc/passwd'), chooseSumsFile: () => Promise.resolve(null) },
      writer: { writer: { command: 'false', args: [] } },
      dataDir: null,
      drivePollMs: 60_000,
    });
    const win = fakeWindow(7);
    setupIpc({ service, window: () => win as never, pageUrl: PAGE });
    const choose = handlers.get('image:choose');
    for (const bad of [event(8), event(7, 'https://evil.example/'), event(7, PAGE, { url: PAGE })]) {
      expect(await choose?.(bad, undefined)).toMatchObject({ ok: false, error: { code: 'E_USAGE', message: expect.stringContaining('unknown sender') as string } });
    }
    await service.dispose();
  });

  it('pushes events only to a live window', () => {
    const win = fakeWindow(1);
    sendEvent(win as never, 'settings:changed', { verify: true, eject: true, showVirtualDrives: false, showSystemDrives: false });
    expect(win.sent).toHaveLength(1);
    const gone = Object.assign(new EventEmitter(), { isDestroyed: () => true, webContents: { send: () => expect.fail('sent to a destroyed window') } });
    sendEvent(gone as never, 'drives:changed', []);
    sendEvent(null, 'drives:changed', []);
  });
});
