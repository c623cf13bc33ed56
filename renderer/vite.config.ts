// The window's bundle: loaded from file:// by Electron, so every URL is relative, and the page's
// CSP (script-src 'self'; style-src 'self') forbids inline code — Vite must emit only files.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PAGE_CSP } from '../app/content-security-policy.js';

/**
 * Writes the policy into the built page, first in <head> so it covers every script and style that
 * follows. Only for builds: the dev server (unused: `npm start` builds) needs inline scripts.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'imprint-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  // Vite defines __dirname for config files, whichever module format it loads them as.
  root: __dirname,
  base: './',
  plugins: [react({}), contentSecurityPolicy()],
  build: {
    outDir: resolve(__dirname, '../dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // The preload polyfill would be injected as an inline script; Chromium has modulepreload.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; the CSP allows them for images only.
    assetsInlineLimit: 0,
  },
});
