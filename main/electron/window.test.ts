import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, pageUrlFor } from './window.js';

const { created } = vi.hoisted(() => ({ created: [] as { options: { webPreferences: Record<string, unknown> }; loaded: string | null }[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: { webPreferences: Record<string, unknown> }) {
      created.push({ options, loaded: null });
    }
    once(): void {}
    loadFile(path: string): Promise<void> {
      const last = created.at(-1);
      if (last) last.loaded = path;
      return Promise.resolve();
    }
  },
}));


describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer, with our bundled preload and local page', () => {
    createMainWindow('/opt/imprint/dist');
    const [window] = created;
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/imprint/dist/preload.js',
    });
    expect(window?.loaded).toBe('/opt/imprint/dist/renderer/index.html');
    expect(pageUrlFor('/opt/imprint/dist')).toBe('file:///opt/imprint/dist/renderer/index.html');
  });
});
