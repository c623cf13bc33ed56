// The content security policy in force on the window as Electron loads it: the BUILT page from
// file://, which receives no response headers, so only the page's own <meta> can protect it. An
// injected inline script, event handler or style must not run, nothing may be fetched, and the
// window itself must still work.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_CSP } from '../../app/content-security-policy.js';
import { hybridIso, fixtureMissing } from '../../main/test-support/fixtures/images.js';
import { expect, test as base, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';
import { E2E_RENDERER } from '../../main/test-support/web/paths.js';

const skip = webPrerequisitesMissing() ?? fixtureMissing('iso');

// Chromium treats a file:// page as an opaque origin and refuses its module scripts (CORS), where
// Electron's file protocol serves them; this flag gives Chromium Electron's behaviour. It widens
// file access only: it does not relax the content security policy this test is about.
const test = base.extend({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), '--allow-file-access-from-files'] });
    },
    { scope: 'worker' },
  ],
});
test.skip(skip !== null, skip ?? '');

interface Probe {
  __violations: string[];
  __inlineScriptRan?: boolean;
  __handlerRan?: boolean;
}

test('the built page carries the strict policy and needs nothing inline', () => {
  const html = readFileSync(join(E2E_RENDERER, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(PAGE_CSP);
  // The policy comes before every script and style it must cover.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  // Vite's output is files only: no inline script, no <style>, no style attribute.
  expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
  expect(html).not.toMatch(/<style|\sstyle=/);
});

test('from file://, an injected inline script, handler, style or request is blocked and the window still works', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  imprint.chooseImage(iso);
  // Chromium reports each refusal on the console; these are the ones this test provokes.
  imprint.allowConsole(/violates the following Content Security Policy directive/);
  await page.addInitScript(() => {
    const probe = window as unknown as Probe;
    probe.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => probe.__violations.push(event.effectiveDirective));
  });
  await imprint.openFromFile();
  expect(page.url()).toMatch(/^file:\/\//);
  // The window loaded its own script and style under the policy without a single refusal.
  expect(await page.evaluate(() => (window as unknown as Probe).__violations)).toEqual([]);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(PAGE_CSP);

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineScriptRan = true;';
    document.head.append(script);
    const target = document.createElement('div');
    target.setAttribute('onclick', 'window.__handlerRan = true;');
    document.body.append(target);
    target.click();
    target.remove();
    const style = document.createElement('style');
    style.textContent = 'body { outline: 7px solid rgb(255, 0, 0); }';
    document.head.append(style);
  });
  // Nothing may be fetched either (connect-src 'none'): a page that reads files is a page that leaks them.
  const xhr = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = new XMLHttpRequest();
        request.onload = () => resolve('loaded');
        request.onerror = () => resolve('blocked');
        try {
          request.open('GET', './index.html');
          request.send();
        } catch {
          resolve('blocked');
        }
      }),
  );
  expect(xhr).toBe('blocked');
  await expect
    .poll(() => page.evaluate(() => [...new Set((window as unknown as Probe).__violations)].sort()))
    .toEqual(['connect-src', 'script-src-attr', 'script-src-elem', 'style-src-elem']);
  const probe = await page.evaluate(() => {
    const w = window as unknown as Probe;
    return { script: w.__inlineScriptRan ?? false, handler: w.__handlerRan ?? false, outline: getComputedStyle(document.body).outlineStyle };
  });
  expect(probe).toEqual({ script: false, handler: false, outline: 'none' });

  // The window itself is untouched: it still answers, shows an image and passes axe.
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await expect(page.getByTestId('boot-verdict')).toHaveText(/Boots from USB on BIOS and UEFI PCs/);
  await imprint.checkStep('file-page');
});
