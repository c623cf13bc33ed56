// Checking a drive against an image, writing nothing: a match, and the first difference.

import { copyFileSync, openSync, closeSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureMissing, hybridIso } from '../../main/test-support/fixtures/images.js';
import { expect, readDevice, test, webPrerequisitesMissing, type Harness } from '../../main/test-support/web/harness.js';
import type { Page } from '@playwright/test';

const skip = webPrerequisitesMissing() ?? fixtureMissing('iso');
test.skip(skip !== null, skip ?? '');

/** A loop device that holds a copy of the image, with one byte changed at `flipAt` if given. */
function driveHolding(imprint: Harness, iso: string, name: string, flipAt?: number): string {
  const copy = join(imprint.dir, name);
  copyFileSync(iso, copy);
  if (flipAt !== undefined) {
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.from([0xa5]), 0, 1, flipAt);
    closeSync(fd);
  }
  return imprint.attachLoop(copy).device;
}

async function verify(page: Page, imprint: Harness, iso: string, device: string): Promise<void> {
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(iso);
  await imprint.open();
  await page.getByRole('radio', { name: 'Check a drive against an image' }).check();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await imprint.drive(device).getByRole('radio').check();
  await imprint.checkStep('verify-setup');
  await page.getByRole('button', { name: 'Check the drive' }).click();
}

test('a drive that holds the image matches, and nothing is written', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const device = driveHolding(imprint, iso, 'same.bin');
  const before = readDevice(device, statSync(iso).size);
  await verify(page, imprint, iso, device);
  await expect(page.getByRole('heading', { name: 'The drive matches the image' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('verify-outcome')).toContainText('compared in');
  await imprint.checkStep('verify-match');
  expect(readDevice(device, before.length).equals(before)).toBe(true);
});

test('a drive that differs reports the first difference', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const offset = 1024 * 1024 + 5;
  const device = driveHolding(imprint, iso, 'differs.bin', offset);
  await verify(page, imprint, iso, device);
  await expect(page.getByRole('heading', { name: 'The drive does not match the image' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('verify-outcome')).toContainText(`the first difference is at byte ${offset}`);
  await imprint.checkStep('verify-mismatch');
});
