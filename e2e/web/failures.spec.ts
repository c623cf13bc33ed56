// When a job does not end well: cancelled halfway on purpose, or a drive that fails mid-write.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeFile } from '../../main/test-support/loop.js';
import { expect, test, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';

const MiB = 1024 * 1024;
const skip = webPrerequisitesMissing(['mkfs.ext4', 'mount', 'umount']);
test.skip(skip !== null, skip ?? '');

test('cancelling mid-write asks first, then stops and says the drive is half-written', async ({ page, imprint }) => {
  // A large sparse image with a random head: writing takes seconds, so the cancel lands mid-write.
  const image = makeFile(join(imprint.dir, 'big.img'), 3 * 1024 * MiB, 'zero');
  writeFileSync(image, randomBytes(4 * MiB), { flag: 'r+' });
  const target = imprint.blankLoop('cancel.bin', 3 * 1024 * MiB, { directIo: true });
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(image);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await imprint.drive(target.device).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Write…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Erase and write?' });
  await confirm.getByRole('checkbox', { name: /I understand that/ }).check();
  await confirm.getByRole('button', { name: 'Erase and write' }).click();

  await expect(page.getByTestId('phase')).toContainText('Writing', { timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toBeVisible();
  await imprint.checkStep('progress');
  await page.getByRole('button', { name: 'Cancel…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Stop writing?' });
  await expect(ask.getByRole('button', { name: 'Keep going' })).toBeFocused();
  await imprint.checkStep('cancel-confirm');
  await ask.getByRole('button', { name: 'Stop' }).click();

  await expect(page.getByRole('heading', { name: 'Cancelled' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('target-outcome')).toContainText('half-written');
  await imprint.checkStep('cancelled');
});

test('a drive that fails mid-write shows the human message and what to do next', async ({ page, imprint }) => {
  // The loop device claims 96 MiB, but its backing file lives on a 40 MiB file system.
  const fsFile = makeFile(join(imprint.dir, 'tiny-fs.bin'), 40 * MiB, 'zero');
  execFileSync('mkfs.ext4', ['-q', '-F', fsFile]);
  const mnt = join(imprint.dir, 'tiny');
  mkdirSync(mnt);
  execFileSync('mount', ['-o', 'loop', fsFile, mnt]);
  imprint.defer(() => execFileSync('umount', [mnt], { stdio: 'ignore' }));
  const failing = imprint.attachLoop(makeFile(join(mnt, 'sparse.bin'), 96 * MiB, 'zero'));
  const image = makeFile(join(imprint.dir, 'fill.img'), 80 * MiB);
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(image);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await imprint.drive(failing.device).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Write…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Erase and write?' });
  await confirm.getByRole('checkbox', { name: /I understand that/ }).check();
  await confirm.getByRole('button', { name: 'Erase and write' }).click();

  await expect(page.getByRole('heading', { name: 'Writing failed' })).toBeVisible({ timeout: 60_000 });
  const row = page.locator(`li.target[data-device="${failing.device}"]`);
  await expect(row).toContainText(new RegExp(`Writing to ${failing.device} failed at byte \\d+`));
  await expect(row).toContainText('try another port or another drive');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await imprint.checkStep('failure');
});
