// The e2e web harness: the built window (dist/renderer) in real Chromium, with window.imprint
// bridged to the real main-side service running in this test process. Everything but Electron's
// IPC transport is real: image files, loop devices, the privileged writer, the bytes on the device.

import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test as base, type Locator, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { createImprintService, type ImprintService } from '../../service/create-service.js';
import { attachLoop, blankLoop, tempDir, type LoopDevice, type LoopOptions } from '../loop.js';
import { inCI, missing } from '../prereq.js';
import { E2E_RENDERER as RENDERER, E2E_WRITER as WRITER, SCREENSHOTS } from './paths.js';

/** A made-up origin: the page is served from dist/renderer by request interception, no port needed. */
export const ORIGIN = 'http://imprint.test';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Null when a browser is there; otherwise the reason (and in CI a failure, never a skip). */
export function browserMissing(): string | null {
  if (existsSync(DEBIAN_CHROMIUM) || existsSync(chromium.executablePath())) return null;
  const reason = `needs Chromium (${DEBIAN_CHROMIUM}, or "npx playwright install chromium")`;
  if (inCI) throw new Error(`Missing test prerequisite in CI: ${reason}. .ci/run must install it.`);
  return reason;
}

/** Why the web tests cannot run here (root, loop devices, fixture tools, a browser), or null. */
export function webPrerequisitesMissing(tools: string[] = []): string | null {
  return missing({ root: true, tools: ['losetup', 'blockdev', ...tools] }) ?? browserMissing();
}

let bridgeSource: string | null = null;
function pageBridge(): string {
  bridgeSource ??= buildSync({
    entryPoints: [join(__dirname, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).outputFiles[0]?.text ?? '';
  return bridgeSource;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface Harness {
  service: ImprintService;
  /** A private temp folder on a disk-backed file system, removed after the test. */
  dir: string;
  /** What the next "Choose an image…" dialog picks. */
  chooseImage(path: string | null): void;
  /** What the next checksum-file dialog picks. */
  chooseSumsFile(path: string | null): void;
  /** Loop devices are detached after the test, also when it fails. */
  blankLoop(name: string, size: number, opts?: LoopOptions): LoopDevice;
  attachLoop(file: string, opts?: LoopOptions): LoopDevice;
  /** Runs cleanup after the test (after its loop devices are detached): unmounts and the like. */
  defer(cleanup: () => void): void;
  /** Loads the window and waits for its first drive list. */
  open(): Promise<void>;
  /**
   * Loads the built window from file://, as Electron does (needs a browser launched with
   * --allow-file-access-from-files: see csp.spec.ts), and waits for its first drive list.
   */
  openFromFile(): Promise<void>;
  /** Console messages the test provokes on purpose (e.g. CSP refusals): not counted as the window's errors. */
  allowConsole(pattern: RegExp): void;
  /** The row of a drive in the list, by its device path. */
  drive(device: string): Locator;
  /** axe-core and a screenshot, in light and dark: zero serious or critical violations. */
  checkStep(step: string): Promise<void>;
  /** Tabs forward until `target` has the focus (failing if it never does) and checks the focus is visible. */
  tabTo(target: Locator, maxTabs?: number): Promise<void>;
}

export const test = base.extend<{ imprint: Harness }>({
  imprint: async ({ page }, use) => {
    const tmp = tempDir('imprint-e2e-');
    const loops: LoopDevice[] = [];
    const cleanups: Array<() => void> = [];
    let nextImage: string | null = null;
    let nextSums: string | null = null;
    const service = await createImprintService({
      dialogs: { chooseImage: () => Promise.resolve(nextImage), chooseSumsFile: () => Promise.resolve(nextSums) },
      writer: { writer: { command: process.execPath, args: [WRITER] } },
      dataDir: join(tmp.dir, 'data'),
      drivePollMs: 500,
    });
    const off = service.onEvent((channel, payload) => {
      page
        .evaluate(([c, p]) => (window as unknown as { __imprintEmit?: (c: string, p: unknown) => void }).__imprintEmit?.(c, p), [channel, payload] as const)
        .catch(() => undefined); // the page is closing
    });
    await page.exposeBinding('__imprintInvoke', (_source, channel: unknown, payload: unknown) => service.handle(channel, payload));
    await page.addInitScript({ content: pageBridge() });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = normalize(join(RENDERER, new URL(route.request().url()).pathname));
      if (relative(RENDERER, path).startsWith('..') || !existsSync(path)) {
        await route.fulfill({ status: 404, body: 'not found' });
        return;
      }
      const ext = path.slice(path.lastIndexOf('.'));
      await route.fulfill({ status: 200, body: readFileSync(path), contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream' });
    });
    const problems: string[] = [];
    const allowed: RegExp[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A CSP violation or a React warning is a bug in the window.
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      if (allowed.some((pattern) => pattern.test(message.text()))) return;
      problems.push(`console ${message.type()}: ${message.text()}`);
    });
    const loaded = async (): Promise<void> => {
      await expect(page.getByRole('heading', { name: '2. Drive' })).toBeVisible();
      await expect(page.getByText('Looking for drives…')).toHaveCount(0);
    };

    const harness: Harness = {
      service,
      dir: tmp.dir,
      chooseImage: (path) => {
        nextImage = path;
      },
      chooseSumsFile: (path) => {
        nextSums = path;
      },
      blankLoop(name, size, opts) {
        const loop = blankLoop(tmp.dir, name, size, opts);
        loops.push(loop);
        return loop;
      },
      attachLoop(file, opts) {
        const loop = attachLoop(file, opts);
        loops.push(loop);
        return loop;
      },
      defer(cleanup) {
        cleanups.push(cleanup);
      },
      async open() {
        await page.goto(`${ORIGIN}/index.html`);
        await loaded();
      },
      async openFromFile() {
        await page.goto(pathToFileURL(join(RENDERER, 'index.html')).toString());
        await loaded();
      },
      allowConsole(pattern) {
        allowed.push(pattern);
      },
      drive: (device) => page.locator(`li.drive[data-device="${device}"]`),
      checkStep: (step) => checkStep(page, step),
      tabTo: (target, maxTabs) => tabTo(page, target, maxTabs),
    };

    try {
      await use(harness);
      expect(problems, 'the window logged errors').toEqual([]);
    } finally {
      off();
      await service.dispose();
      // Loop devices first: a file system that holds a backing file unmounts only once it is free.
      for (const loop of loops) loop.detach();
      for (const cleanup of cleanups.reverse()) {
        try {
          cleanup();
        } catch {
          // Best effort: the temp folder is still removed below when it can be.
        }
      }
      tmp.remove();
    }
  },
});

export { expect };

async function checkStep(page: Page, step: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `axe: ${step} in ${colorScheme}`).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${step}-${colorScheme}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function tabTo(page: Page, target: Locator, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const outline = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(outline.style, 'focus is visible').not.toBe('none');
      expect(outline.width).toBeGreaterThanOrEqual(2);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target.toString()} is not reachable with Tab`);
}

export { readDevice } from '../loop.js';
