// e2e: "web" runs the built window in real Chromium against the real main-side service (see
// main/test-support/web/harness.ts); "electron" launches the real app where an Electron binary is installed.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
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
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
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
