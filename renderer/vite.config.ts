// The window's bundle: loaded from file:// by Electron, so every URL is relative, and the page's
// CSP (script-src 'self'; style-src 'self') forbids inline code — Vite must emit only files.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // Vite defines __dirname for config files, whichever module format it loads them as.
  root: __dirname,
  base: './',
  plugins: [react({})],
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
