import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, pageUrlFor, WINDOW_ICON, windowIconPath } from './window.js';

const { created } = vi.hoisted(() => ({ created: [] as { options: { webPreferences: Record<string, unknown>; icon?: string }; loaded: string | null }[] }));
vi.mock('electron', () => ({
  app: { isPackaged: false },
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

const root = join(__dirname, '..', '..');

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer, with our bundled preload and local page', () => {
    createMainWindow('/opt/imprint/dist');
    const window = created.at(-1);
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

  it('gives the window the app icon from the checkout when not packaged (this platform)', () => {
    createMainWindow(join(root, 'dist'));
    const icon = created.at(-1)?.options.icon;
    if (process.platform === 'darwin') {
      expect(icon).toBeUndefined();
      return;
    }
    expect(icon).toBe(join(root, 'build', WINDOW_ICON[process.platform] ?? ''));
    expect(existsSync(icon ?? ''), `${icon ?? ''} exists (npm run icons)`).toBe(true);
  });
});

describe('windowIconPath', () => {
  const dev = { isPackaged: false, resourcesPath: '/usr/lib/electron/resources', distDir: join(root, 'dist') };
  const packaged = { isPackaged: true, resourcesPath: '/opt/Imprint/resources', distDir: '/opt/Imprint/resources/app.asar/dist' };

  it('packaged: reads the icon from resources/; macOS: none (the bundle has icon.icns)', () => {
    expect(windowIconPath({ ...packaged, platform: 'linux' })).toBe('/opt/Imprint/resources/icons/256x256.png');
    expect(windowIconPath({ ...packaged, platform: 'win32' })).toBe('/opt/Imprint/resources/icon.ico');
    expect(windowIconPath({ ...packaged, platform: 'darwin' })).toBeUndefined();
  });

  it('from a checkout: the generated files in build/ (they exist, and are what they say)', () => {
    const png = readFileSync(windowIconPath({ ...dev, platform: 'linux' }) ?? '');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
    const ico = readFileSync(windowIconPath({ ...dev, platform: 'win32' }) ?? '');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(windowIconPath({ ...dev, platform: 'darwin' })).toBeUndefined();
  });

  it('electron-builder.yml copies each window icon to where the packaged app looks for it', () => {
    const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, { extraResources?: { from: string; to: string }[] }>;
    for (const [platform, section] of [['linux', 'linux'], ['win32', 'win']] as const) {
      const icon = WINDOW_ICON[platform];
      expect(config[section]?.extraResources).toContainEqual({ from: `build/${icon ?? ''}`, to: icon });
    }
  });
});
