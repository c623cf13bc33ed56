import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export const WRITER_BUILD = join(ROOT, 'dist', 'writer.js');
/** The e2e run's own copies (see e2e/global-setup.ts). The writer stays in dist/: it finds native/ from there. */
export const E2E_WRITER = join(ROOT, 'dist', 'e2e-writer.js');
export const E2E_RENDERER = join(ROOT, 'dist', 'e2e', 'renderer');
/** The committed screenshot of every step (playwright.config.ts snapshotPathTemplate points here). */
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
/** Debian's Chromium: the browser the committed screenshots were made with, and the only one they are compared in. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
