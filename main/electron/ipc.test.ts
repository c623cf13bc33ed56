// The real IPC router and the real preload over the real service; only Electron's IPC is the
// in-memory pair (main/test-support/contract/ipc-pair.ts). What any page could send: payloads the
// contract does not allow, and requests from a window, page or frame that is not ours.

import { afterEach, describe, expect, it } from 'vitest';
import { toErrorData } from '../../app/errors.js';
import { DEFAULT_SETTINGS, REQUEST_CHANNELS, type ImprintApi, type RequestChannel, type Result } from '../../app/ipc-contract.js';
import { ValidationError } from '../../app/validate.js';
import { PAGE_URL, wire, type Wiring } from '../test-support/contract/through-preload.js';
import { createImprintService, type ImprintService } from '../service/create-service.js';
import { isTrustedSender, sendEvent, setupIpcRouter, type InvokeEvent } from './ipc-router.js';
import { exposeImprintApi } from './preload-bridge.js';

const BAD_REQUEST = toErrorData(new ValidationError('payload', 'what the contract allows')).code;

/** For each request channel, a payload its validator refuses (a Record: a new channel needs one). */
const BAD_PAYLOADS: Record<RequestChannel, unknown> = {
  'image:choose': { path: '/etc/shadow' },
  'image:open-dropped': { path: 42 },
  'image:recent': 'all',
  'image:open-recent': { recentId: 'r1', path: '/etc/shadow' },
  'image:hash': { imageId: 'i', algorithm: 'crc32' },
  'image:check-sums-file': { imageId: 'i', sums: '/etc/shadow' },
  'drives:list': { includeSystem: true },
  'settings:get': 0,
  'settings:set': { verify: 'yes' },
  'job:flash': { imageId: 'i', driveIds: '/dev/sda', acknowledged: [], verify: true, eject: false },
  'job:verify': { imageId: 'i' },
  'job:cancel': { jobId: 7 },
  'job:current': [],
};

const services: ImprintService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

async function wired(): Promise<Wiring & { api: ImprintApi }> {
  const service = await createImprintService({
    dialogs: { chooseImage: () => Promise.resolve('/etc/passwd'), chooseSumsFile: () => Promise.resolve(null) },
    writer: { writer: { command: 'false', args: [] } },
    dataDir: null,
    drivePollMs: 60_000,
  });
  services.push(service);
  return wire({ setupIpcRouter, exposeImprintApi }, service);
}

const settingsOf = (w: Wiring): Promise<unknown> => w.ours.electron.ipcRenderer.invoke('settings:get', undefined);

describe('the IPC router', () => {
  it('handles exactly the contract request channels, and leaves none behind on teardown', async () => {
    const w = await wired();
    expect(w.pair.handled().sort()).toEqual([...REQUEST_CHANNELS].sort());
    w.teardown();
    expect(w.pair.handled()).toEqual([]);
    await expect(w.ours.electron.ipcRenderer.invoke('settings:get', undefined)).rejects.toThrow(/No handler registered/);
  });

  it('answers a payload the contract does not allow with an error, on every channel, and the service never sees it', async () => {
    const w = await wired();
    for (const channel of REQUEST_CHANNELS) {
      const answer = (await w.ours.electron.ipcRenderer.invoke(channel, BAD_PAYLOADS[channel])) as Result<unknown>;
      expect(answer, channel).toMatchObject({ ok: false, error: { code: BAD_REQUEST } });
    }
    expect(w.reached).toEqual([]);
    expect(await settingsOf(w)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(w.reached).toEqual(['settings:get']);
  });

  it('refuses requests from another window, another page, a sub-frame, and when our window is closed or not there', async () => {
    const w = await wired();
    const change = { verify: false };
    const stranger = w.pair.renderer(PAGE_URL);
    const senders = [
      stranger.electron.ipcRenderer,
      w.ours.frame({ url: 'https://evil.example/' }),
      w.ours.frame({ url: 'file:///tmp/evil.html' }),
      w.ours.frame({ url: PAGE_URL, subFrame: true }),
    ];
    for (const [i, sender] of senders.entries()) {
      expect(await sender.invoke('settings:set', change), `sender ${i}`).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    }
    // Our page with a fragment is still our page.
    expect(await w.ours.frame({ url: `${PAGE_URL}#drives` }).invoke('settings:get', undefined)).toMatchObject({ ok: true });
    w.trusted.window = null;
    expect(await w.ours.electron.ipcRenderer.invoke('settings:set', change)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    w.trusted.window = w.ours.window;
    w.ours.window.destroy();
    expect(await w.ours.electron.ipcRenderer.invoke('settings:set', change)).toMatchObject({ ok: false, error: { code: 'E_BAD_REQUEST' } });
    expect(w.reached).toEqual(['settings:get']);
  });

  it('sends events to our window only, and to none once it is closed or the router is torn down', async () => {
    const w = await wired();
    const stranger = w.pair.renderer(PAGE_URL);
    const seen: unknown[] = [];
    w.api.onSettingsChanged((s) => seen.push(s));
    expect(await w.api.setSettings({ eject: false })).toMatchObject({ ok: true });
    await Promise.resolve();
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, eject: false }]);
    expect(w.ours.received).toContain('settings:changed');
    expect(stranger.received).toEqual([]);
    w.ours.window.destroy();
    sendEvent(w.ours.window, 'settings:changed', DEFAULT_SETTINGS);
    sendEvent(null, 'drives:changed', []);
    w.teardown();
    expect(w.ours.received.filter((c) => c === 'settings:changed')).toHaveLength(1);
  });

  it('trusts a sender only by its web contents, its top frame and our page', () => {
    const win = { isDestroyed: () => false, webContents: { id: 7, send: () => undefined } };
    const event = (id: number, url: string, parent: unknown = null): InvokeEvent => ({ sender: { id }, senderFrame: { url, parent } });
    expect(isTrustedSender(event(7, PAGE_URL), win, PAGE_URL)).toBe(true);
    expect(isTrustedSender(event(8, PAGE_URL), win, PAGE_URL)).toBe(false);
    expect(isTrustedSender(event(7, `${PAGE_URL}.evil`), win, PAGE_URL)).toBe(false);
    expect(isTrustedSender(event(7, PAGE_URL, { url: PAGE_URL }), win, PAGE_URL)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, win, PAGE_URL)).toBe(false);
    expect(isTrustedSender(event(7, PAGE_URL), null, PAGE_URL)).toBe(false);
  });
});
