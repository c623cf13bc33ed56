// e2e: "web" runs the built window in real Chromium against the real main-side service (see
// main/test-support/web/harness.ts); "electron" launches the real app where an Electron binary is installed.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { DEBIAN_CHROMIUM } from './main/test-support/web/paths.js';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// Root cannot use Chromium's sandbox; the rest keeps a headless run quiet and offline.
const rootArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  // Real loop devices and one writer job at a time, on a small machine: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI === 'true',
  timeout: 120_000,
  expect: {
    timeout: 15_000,
    // Screenshots of every step (main/test-support/web/screenshots.ts). threshold: how far one pixel's
    // colour may move (YIQ, 0–1) before it counts as different — anti-aliasing, not a colour change;
    // maxDiffPixelRatio: how many such pixels may differ, 0.1% (≈ 900 of a 1100×820 page): less than
    // one button changing colour, more than a masked number one digit wider.
    toHaveScreenshot: { threshold: 0.2, maxDiffPixelRatio: 0.001, animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  // CI never writes a screenshot: one that is missing fails. Elsewhere a missing one is written (and
  // the test fails once, so it is noticed); "npx playwright test --update-snapshots" rewrites changed ones.
  updateSnapshots: process.env.CI === 'true' ? 'none' : undefined,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      // One folder, one file per step and colour scheme, no platform or project suffix: only Debian's
      // Chromium on Linux compares them (see screenshots.ts), so there is one set.
      snapshotPathTemplate: 'e2e/screenshots/{arg}{ext}',
      use: {
        browserName: 'chromium',
        viewport: { width: 1100, height: 820 },
        launchOptions: {
          executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
          args: isRoot ? rootArgs : [],
        },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
