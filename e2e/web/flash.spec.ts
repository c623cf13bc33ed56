// Writing for real: the built window, the real service and writer, loop devices as the drives.

import { readFileSync, statSync } from 'node:fs';
import { fixtureMissing, hybridIso } from '../../main/test-support/fixtures/images.js';
import { expect, readDevice, test, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';

const MiB = 1024 * 1024;
const skip = webPrerequisitesMissing() ?? fixtureMissing('iso');
test.skip(skip !== null, skip ?? '');

test('writes a hybrid ISO to a loop device, by keyboard alone, and the device holds the image', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const size = statSync(iso).size;
  const target = imprint.blankLoop('target.bin', size + 4 * MiB);
  imprint.chooseImage(iso);
  await imprint.open();
  await imprint.checkStep('start');

  // Loop devices are virtual drives: shown once the setting says so.
  await expect(imprint.drive(target.device)).toHaveCount(0);
  await imprint.tabTo(page.getByRole('button', { name: 'Settings' }));
  await page.keyboard.press('Enter');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const showVirtual = settings.getByRole('checkbox', { name: /Show virtual drives/ });
  await imprint.tabTo(showVirtual);
  await page.keyboard.press('Space');
  await expect(showVirtual).toBeChecked();
  await imprint.checkStep('settings');
  await page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Settings' })).toBeFocused();

  await imprint.tabTo(page.getByRole('button', { name: 'Choose an image…' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await expect(page.getByTestId('boot-verdict')).toHaveText(/Boots from USB on BIOS and UEFI PCs/);

  const box = imprint.drive(target.device).getByRole('checkbox');
  await imprint.tabTo(box);
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  await imprint.checkStep('image-and-drive');

  await imprint.tabTo(page.getByRole('button', { name: 'Write…' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Erase and write?' });
  await expect(confirm).toContainText(target.device);
  await expect(confirm).toContainText('hybrid.iso');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // A loop device is not removable: its own acknowledgement first.
  const erase = confirm.getByRole('button', { name: 'Erase and write' });
  await expect(erase).toBeDisabled();
  await imprint.checkStep('confirm');
  await imprint.tabTo(confirm.getByRole('checkbox', { name: /I understand that/ }));
  await page.keyboard.press('Space');
  await imprint.tabTo(erase);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Done' })).toBeFocused();
  await expect(page.getByTestId('target-outcome')).toContainText('Written and verified');
  await expect(page.getByTestId('target-outcome')).toContainText(/ in \d\d:\d\d/);
  await imprint.checkStep('result');
  expect(readDevice(target.device, size).equals(readFileSync(iso))).toBe(true);

  // "Write another drive" keeps the image and returns to the drives.
  await imprint.tabTo(page.getByRole('button', { name: 'Write another drive' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await expect(page.getByRole('heading', { name: '2. Drive' })).toBeFocused();
});

test('writes two drives in one job', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const size = statSync(iso).size;
  const first = imprint.blankLoop('first.bin', size + MiB);
  const second = imprint.blankLoop('second.bin', size + 2 * MiB);
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(iso);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await imprint.drive(first.device).getByRole('checkbox').check();
  await imprint.drive(second.device).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Write…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Erase and write?' });
  await expect(confirm).toContainText(first.device);
  await expect(confirm).toContainText(second.device);
  for (const ack of await confirm.getByRole('checkbox', { name: /I understand that/ }).all()) await ack.check();
  await confirm.getByRole('button', { name: 'Erase 2 drives and write' }).click();

  await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('target-outcome')).toHaveCount(2);
  for (const outcome of await page.getByTestId('target-outcome').all()) await expect(outcome).toContainText('Written and verified');
  const image = readFileSync(iso);
  expect(readDevice(first.device, size).equals(image)).toBe(true);
  expect(readDevice(second.device, size).equals(image)).toBe(true);
});
