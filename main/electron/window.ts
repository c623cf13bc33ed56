// The main window, created with every web preference that matters set explicitly.

import { BrowserWindow } from 'electron';
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

export function createMainWindow(distDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 700,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'Imprint',
    webPreferences: { ...WEB_PREFERENCES, preload: join(distDir, 'preload.js') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex(distDir));
  return window;
}
