// The erase confirmation names one image and one set of drives, and what is written is exactly
// that: an image arriving by "Open with" while it is open does not slip in.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeFile } from '../../main/test-support/loop.js';
import { fixtureMissing, hybridIso } from '../../main/test-support/fixtures/images.js';
import { expect, readDevice, test, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';

const MiB = 1024 * 1024;
const skip = webPrerequisitesMissing() ?? fixtureMissing('iso');
test.skip(skip !== null, skip ?? '');

test('an image opened with Imprint while the confirmation is open closes it; nothing is written until confirmed again', async ({ page, imprint }) => {
  const iso = hybridIso(imprint.dir);
  const other = makeFile(join(imprint.dir, 'other.img'), 3 * MiB);
  const target = imprint.blankLoop('target.bin', statSync(iso).size + 4 * MiB);
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(iso);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await expect(page.getByTestId('image-name')).toHaveText('hybrid.iso');
  await imprint.drive(target.device).getByRole('checkbox').check();
  const write = page.getByRole('button', { name: 'Write…' });
  await write.click();
  const confirm = page.getByRole('alertdialog', { name: 'Erase and write?' });
  await expect(confirm).toContainText('hybrid.iso');
  await confirm.getByRole('checkbox', { name: /I understand that/ }).check();
  await expect(confirm.getByRole('button', { name: 'Erase and write' })).toBeEnabled();

  // "Open with" (a second launch, the macOS open-file event) while the user is deciding.
  const opened = await imprint.service.openPath(other);
  expect(opened.ok).toBe(true);
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('image-name')).toHaveText('other.img');
  const said = 'Another image was opened (other.img) while you were confirming, so nothing was written. Check it, then choose Write… again.';
  await expect(page.getByTestId('flash-notice')).toContainText(said);
  await expect(page.getByTestId('announcer')).toHaveText(said);
  await expect(write).toBeFocused();
  expect(await imprint.service.handle('job:current', undefined)).toEqual({ ok: true, value: null });
  expect(readDevice(target.device, MiB).equals(Buffer.alloc(MiB))).toBe(true);
  await imprint.checkStep('image-changed');

  // Confirming again is about the new image, by keyboard, and that is what lands on the drive.
  await page.keyboard.press('Enter');
  await expect(confirm).toContainText('other.img');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(confirm.getByRole('checkbox', { name: /I understand that/ })).not.toBeChecked();
  await imprint.tabTo(confirm.getByRole('checkbox', { name: /I understand that/ }));
  await page.keyboard.press('Space');
  await imprint.tabTo(confirm.getByRole('button', { name: 'Erase and write' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('target-outcome')).toContainText('Written and verified');
  expect(readDevice(target.device, 3 * MiB).equals(readFileSync(other))).toBe(true);
});
