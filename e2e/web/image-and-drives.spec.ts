// What the window says before anything is written: the image's verdict, its checksum, and which
// drives can be chosen — from real images and real loop devices.

import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureMissing, hybridIso, windowsIso } from '../../main/test-support/fixtures/images.js';
import { expect, test, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';

const MiB = 1024 * 1024;
const skip = webPrerequisitesMissing(['sha256sum']) ?? fixtureMissing('iso', 'windows');
test.skip(skip !== null, skip ?? '');

test('a Windows-like ISO dropped on the window shows its warning and what to use instead', async ({ page, imprint }) => {
  const iso = windowsIso(imprint.dir);
  await imprint.open();
  await page.evaluate((path) => {
    (window as unknown as { __imprintDropPaths: Record<string, string> }).__imprintDropPaths = { 'windows.iso': path };
  }, iso);
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['not read: main opens the path'], 'windows.iso'));
    return transfer;
  });
  await page.dispatchEvent('main', 'drop', { dataTransfer });

  await expect(page.getByTestId('image-name')).toHaveText('windows.iso');
  await expect(page.getByTestId('boot-verdict')).toHaveText(/Windows installer: written as it is, the drive will not boot/);
  const warnings = page.locator('.image-warnings');
  await expect(warnings.locator('[data-code="WINDOWS_INSTALLER"]')).toContainText('Media Creation Tool');
  await expect(warnings.locator('[data-code="NOT_USB_BOOTABLE"]')).toBeVisible();
  await imprint.checkStep('image-windows');
});

test('a drive too small for the image is shown, says why, and cannot be selected', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const small = imprint.blankLoop('small.bin', MiB);
  const fits = imprint.blankLoop('fits.bin', statSync(iso).size + MiB);
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(iso);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');

  const row = imprint.drive(small.device);
  await expect(row.getByRole('checkbox')).toBeDisabled();
  await expect(row.locator('[data-code="TOO_SMALL"]')).toContainText('Too small');
  await expect(row).toContainText(`${small.device} is too small for this image`);
  await row.locator('label').click({ force: true });
  await expect(row.getByRole('checkbox')).not.toBeChecked();
  await expect(imprint.drive(fits.device).getByRole('checkbox')).toBeEnabled();
  await imprint.checkStep('drives-refused');
});

test('checks the image against a pasted SHA-256 and a sums file', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const sha256 = execFileSync('sha256sum', [iso], { encoding: 'utf8' }).split(' ')[0] ?? '';
  const sums = join(imprint.dir, 'SHA256SUMS');
  writeFileSync(sums, `${'0'.repeat(64)}  hybrid.iso\n`);
  imprint.chooseImage(iso);
  imprint.chooseSumsFile(sums);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();

  await page.getByRole('button', { name: 'Show SHA-256' }).click();
  await expect(page.getByTestId('sha256')).toHaveText(sha256);
  const field = page.getByLabel(/Expected checksum/);
  await field.fill(`${sha256.toUpperCase()}  hybrid.iso`);
  await field.press('Enter');
  await expect(page.getByTestId('checksum-outcome')).toHaveText(/Matches the checksum you pasted/);
  // The pasted hash is the fixture's, which carries its build time.
  await imprint.checkStep('checksum-match', { mask: [field] });

  await page.getByRole('button', { name: 'Check with a checksum file…' }).click();
  await expect(page.getByTestId('checksum-outcome')).toHaveText(/Does NOT match the checksum file/);
  await imprint.checkStep('checksum-mismatch', { mask: [field] });
});

test('reopens a recent image', async ({ page, imprint }) => {
  const hybrid = hybridIso(imprint.dir);
  const windows = windowsIso(imprint.dir);
  imprint.chooseImage(hybrid);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  imprint.chooseImage(windows);
  await page.getByRole('button', { name: 'Choose another image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('windows.iso');

  await page.locator('summary', { hasText: 'Recent images' }).click();
  await imprint.checkStep('recent');
  await page.getByRole('navigation', { name: 'Recent images' }).getByRole('button', { name: /hybrid\.iso/ }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await expect(page.getByTestId('boot-verdict')).toHaveText(/Boots from USB on BIOS and UEFI PCs/);
});

test('a drive plugged in appears within 2 s and is announced; unplugged, it goes', async ({ page, imprint }) => {
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  await imprint.open();
  const plugged = imprint.blankLoop('plugged.bin', 8 * MiB);
  await expect(imprint.drive(plugged.device)).toBeVisible({ timeout: 2000 });
  await expect(page.getByTestId('announcer')).toContainText(`Drive connected: Loop device (${plugged.backingFile})`);
  plugged.detach();
  await expect(imprint.drive(plugged.device)).toHaveCount(0, { timeout: 2000 });
  await expect(page.getByTestId('announcer')).toContainText('Drive removed: Loop device');
});
