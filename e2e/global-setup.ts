// Every e2e run uses a fresh build, snapshotted for this run: other builds in the same checkout
// (every `vitest run` rebuilds dist/) must not swap the window or the writer out mid-test.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { build } from 'vite';
import { E2E_RENDERER, E2E_WRITER, WRITER_BUILD } from '../main/test-support/web/paths.js';
import { screenshotsNotCompared } from '../main/test-support/web/screenshots.js';

export default async function globalSetup(config: FullConfig): Promise<void> {
  // Said once, first: whether this run compares the window's screenshots (and why not).
  const web = config.projects.find((project) => project.name === 'web');
  if (web) console.log(screenshotsNotCompared(web.use.launchOptions?.executablePath) ?? 'screenshots: compared with e2e/screenshots/ (Debian Chromium)');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // The same window as dist/renderer, built where nothing else writes.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn', build: { outDir: E2E_RENDERER, emptyOutDir: true } });
  copyFileSync(WRITER_BUILD, E2E_WRITER);
  execFileSync(process.execPath, ['--check', E2E_WRITER]);
}
