// The real app: launched with an ISO on its command line (as "Open with" does), it opens with that
// image selected and the window sandboxed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from './electron-binary.js';

const binary = electronBinary();
if (binary.reason) console.log(`electron e2e skipped: ${binary.reason}`);

test.skip(binary.path === null, binary.reason ?? '');

test('opens an ISO passed on the command line, in a sandboxed window', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imprint-e2e-'));
  try {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'README.TXT'), 'hello');
    const iso = join(dir, 'data.iso');
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'E2E_DATA', '-o', iso, tree]);
    const app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [join(__dirname, '..', '..'), iso, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, IMPRINT_DEVTOOLS: '0' },
    });
    const window = await app.firstWindow();
    await expect(window.getByText('data.iso')).toBeVisible();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { imprint?: unknown }).imprint)).toBe('object');
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
