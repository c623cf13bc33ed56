// The main window, created with every web preference that matters set explicitly.

import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function rendererIndex(distDir: string): string {
  return join(distDir, 'renderer', 'index.html');
}

export function pageUrlFor(distDir: string): string {
  return pathToFileURL(rendererIndex(distDir)).toString();
}

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  devTools: process.env.IMPRINT_DEVTOOLS === '1',
} as const;

/**
 * The window's own icon (title bar, taskbar, Alt+Tab), by where it sits relative to build/ — and,
 * in a packaged app, relative to resources/, where electron-builder.yml's extraResources copies it.
 * macOS has none: the Dock shows the bundle's icon.icns.
 */
export const WINDOW_ICON: Partial<Record<NodeJS.Platform, string>> = {
  // Windows picks the best of the .ico's sizes for each place it draws the icon.
  win32: 'icon.ico',
  // X11 takes the window's pixels; desktops that follow the .desktop entry use the installed hicolor set.
  linux: 'icons/256x256.png',
};

export interface IconPlace {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** process.resourcesPath: the packaged app's resources/ folder. */
  resourcesPath: string;
  /** The bundle's dist/ folder; from a checkout (npm start) build/ sits beside it. */
  distDir: string;
}

export function windowIconPath(place: IconPlace): string | undefined {
  const icon = WINDOW_ICON[place.platform];
  if (icon === undefined) return undefined;
  return place.isPackaged ? join(place.resourcesPath, icon) : join(place.distDir, '..', 'build', icon);
}

export function createMainWindow(distDir: string): BrowserWindow {
  const icon = windowIconPath({ platform: process.platform, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, distDir });
  const window = new BrowserWindow({
    width: 960,
    height: 700,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'Imprint',
    ...(icon === undefined ? {} : { icon }),
    webPreferences: { ...WEB_PREFERENCES, preload: join(distDir, 'preload.js') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex(distDir));
  return window;
}
