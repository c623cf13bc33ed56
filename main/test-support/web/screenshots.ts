// Every step's screenshot, in light and dark, compared with the committed one in e2e/screenshots/
// (playwright.config.ts: snapshotPathTemplate, tolerance). A difference fails the test.
//
// What the machine picks is held steady (steady-page.ts: temp folder, loop device numbers, other
// drives); what the job measures is masked (pink boxes: speeds, times, percentages, the hash of a
// fixture ISO that carries its build time). Pixels depend on the browser and its fonts, so the
// comparison runs only in Debian's Chromium (/usr/bin/chromium), which made the committed files;
// with another browser it is skipped with the reason printed — except in CI, where that is a
// missing prerequisite and fails. Update after an intended change of the window:
//   npx playwright test --project web --update-snapshots

import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { inCI } from '../prereq.js';
import { DEBIAN_CHROMIUM } from './paths.js';
import type { SteadySpec } from './steady-page.js';

/** Measurements that differ on every run, as selectors of the built window. */
const MEASURED = [
  '.progress-view .percent',
  '.progress-view progress',
  '.progress-view dl.facts',
  '.progress-view .target-state',
  // "— 2.10 MB in 00:00, writing at 57.1 MB/s"
  '[data-testid="target-outcome"].outcome--good',
  // "… compared in 00:00"
  '[data-testid="verify-outcome"]:not(.error-message)',
  // The fixture ISOs are built per test and carry their build time.
  '[data-testid="sha256"]',
];

/** Null when this run compares screenshots; otherwise why not. Throws in CI instead. */
export function screenshotsNotCompared(executablePath: string | undefined): string | null {
  if (executablePath === DEBIAN_CHROMIUM) return null;
  const browser = executablePath ?? "Playwright's own Chromium";
  const reason = `screenshots not compared: the browser is ${browser}, not Debian's ${DEBIAN_CHROMIUM} that made e2e/screenshots/`;
  if (inCI) throw new Error(`Missing test prerequisite in CI: ${reason}. .ci/run must install chromium.`);
  return reason;
}

/** The browser this test's project launches (playwright.config.ts). */
export function projectBrowser(info: TestInfo): string | undefined {
  return info.project.use.launchOptions?.executablePath;
}

export interface StepScreenshot {
  step: string;
  colorScheme: 'light' | 'dark';
  steady: SteadySpec;
  /** More to mask, for what only this test knows is random. */
  mask?: Locator[];
}

/** Compares the page with e2e/screenshots/<step>-<scheme>.png; a soft failure: the test goes on, and fails at the end. */
export async function compareStep(page: Page, shot: StepScreenshot): Promise<void> {
  await page.evaluate((spec) => (window as unknown as { __imprintSteady: { hold(s: SteadySpec): void } }).__imprintSteady.hold(spec), shot.steady);
  try {
    await expect
      .soft(page, `screenshot of "${shot.step}" in ${shot.colorScheme} (e2e/screenshots/${shot.step}-${shot.colorScheme}.png)`)
      .toHaveScreenshot(`${shot.step}-${shot.colorScheme}.png`, {
        fullPage: true,
        mask: [...MEASURED.map((selector) => page.locator(selector)), ...(shot.mask ?? [])],
      });
  } finally {
    await page.evaluate(() => (window as unknown as { __imprintSteady: { release(): void } }).__imprintSteady.release());
  }
}
