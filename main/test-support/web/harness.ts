// The e2e web harness: the built window (dist/renderer) in real Chromium, with window.imprint
// bridged to the real main-side service running in this test process. Everything but Electron's
// IPC transport is real: image files, loop devices, the privileged writer, the bytes on the device.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test as base, type Locator, type Page, type TestInfo } from '@playwright/test';
import { buildSync } from 'esbuild';
import { createImprintService, type ImprintService } from '../../service/create-service.js';
import { attachLoop, blankLoop, tempDir, type LoopDevice, type LoopOptions } from '../loop.js';
import { startRigDevice, type RigDevice, type RigOptions } from '../nbd-rig.js';
import { inCI, missing } from '../prereq.js';
import { DEBIAN_CHROMIUM, E2E_RENDERER as RENDERER, E2E_WRITER as WRITER } from './paths.js';
import { compareStep, projectBrowser, screenshotsNotCompared } from './screenshots.js';
import type { SteadySpec } from './steady-page.js';

/** A made-up origin: the page is served from dist/renderer by request interception, no port needed. */
export const ORIGIN = 'http://imprint.test';

export { DEBIAN_CHROMIUM };

/** What a test's temp folder, and a slow drive's, are shown as in screenshots (their real names are random). */
const STEADY_DIR = '/var/tmp/imprint-e2e';
const STEADY_RIG_DIR = '/var/tmp/imprint-rig';

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

/** Scripts that run inside the page: the bridge to the service, the screenshot steadier. */
const pageScripts = new Map<string, string>();
function pageScript(file: 'page-bridge.ts' | 'steady-page.ts'): string {
  let source = pageScripts.get(file);
  if (source === undefined) {
    source = buildSync({ entryPoints: [join(__dirname, file)], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120' }).outputFiles[0]?.text ?? '';
    pageScripts.set(file, source);
  }
  return source;
}

/** Printed once per worker: why this run does not compare screenshots. */
let notComparedSaid = false;
function screenshotsHere(info: TestInfo): boolean {
  const reason = screenshotsNotCompared(projectBrowser(info));
  if (reason === null) return true;
  info.annotations.push({ type: 'screenshots', description: reason });
  if (!notComparedSaid) console.warn(reason);
  notComparedSaid = true;
  return false;
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
  /** A drive that accepts `bytesPerSecond` at most (nbdkit + nbdfuse: main/test-support/nbd-rig.ts); its device path. Stopped after the test. */
  slowDrive(opts: RigOptions): Promise<string>;
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
  /**
   * In light and dark: axe-core (zero serious or critical violations), and the page compared with
   * e2e/screenshots/<step>-<scheme>.png (see screenshots.ts). `mask`: what only this test knows is random.
   */
  checkStep(step: string, opts?: { mask?: Locator[] }): Promise<void>;
  /** Tabs forward until `target` has the focus (failing if it never does) and checks the focus is visible. */
  tabTo(target: Locator, maxTabs?: number): Promise<void>;
}

export const test = base.extend<{ imprint: Harness }>({
  imprint: async ({ page }, use, testInfo) => {
    const tmp = tempDir('imprint-e2e-');
    const loops: LoopDevice[] = [];
    const rigs: RigDevice[] = [];
    /** The test's own drives, in the order it made them. */
    const drives: string[] = [];
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
    await page.addInitScript({ content: pageScript('page-bridge.ts') });
    await page.addInitScript({ content: pageScript('steady-page.ts') });
    const compare = screenshotsHere(testInfo);
    // The temp folder and the loop device numbers, as the screenshots show them: the i-th loop device a test makes is /dev/loop<i>.
    const steady = (): SteadySpec => {
      const names: Record<string, string> = { [tmp.dir]: STEADY_DIR };
      for (const rig of rigs) names[dirname(rig.file)] = STEADY_RIG_DIR;
      drives.forEach((device, i) => (names[device] = `/dev/loop${i}`));
      return { names, own: [...drives] };
    };
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
        drives.push(loop.device);
        return loop;
      },
      attachLoop(file, opts) {
        const loop = attachLoop(file, opts);
        loops.push(loop);
        drives.push(loop.device);
        return loop;
      },
      async slowDrive(opts) {
        const rig = await startRigDevice(opts);
        rigs.push(rig);
        drives.push(rig.device);
        return rig.device;
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
      checkStep: (step, opts) => checkStep(page, step, compare ? { steady: steady(), mask: opts?.mask ?? [] } : null),
      tabTo: (target, maxTabs) => tabTo(page, target, maxTabs),
    };

    try {
      await use(harness);
      expect(problems, 'the window logged errors').toEqual([]);
    } finally {
      off();
      await service.dispose();
      // Loop devices first: a file system that holds a backing file unmounts only once it is free.
      for (const rig of rigs) rig.stop();
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

async function checkStep(page: Page, step: string, screenshot: { steady: SteadySpec; mask: Locator[] } | null): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `axe: ${step} in ${colorScheme}`).toEqual([]);
    if (screenshot) await compareStep(page, { step, colorScheme, ...screenshot });
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
