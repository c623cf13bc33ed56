// When a job does not end well: cancelled halfway on purpose, or a drive that fails mid-write.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeFile } from '../../main/test-support/loop.js';
import { RIG_TOOLS } from '../../main/test-support/nbd-rig.js';
import { expect, test, webPrerequisitesMissing } from '../../main/test-support/web/harness.js';

const MiB = 1024 * 1024;
const skip = webPrerequisitesMissing(['mkfs.ext4', 'mount', 'umount', ...RIG_TOOLS]);
test.skip(skip !== null, skip ?? '');

test('cancelling mid-write asks first, then stops and says the drive holds an incomplete image', async ({ page, imprint }) => {
  // A drive that takes 8 MiB/s and an image of 512 MiB (a random head, then zeros): writing lasts about
  // a minute however fast the machine is, so the screenshots and the cancel all land mid-write.
  const image = makeFile(join(imprint.dir, 'big.img'), 512 * MiB, 'zero');
  writeFileSync(image, randomBytes(4 * MiB), { flag: 'r+' });
  const device = await imprint.slowDrive({ size: 516 * MiB, bytesPerSecond: 8 * MiB });
  await imprint.service.handle('settings:set', { showVirtualDrives: true });
  imprint.chooseImage(image);
  await imprint.open();
  await page.getByRole('button', { name: 'Choose an image…' }).click();
  await imprint.drive(device).getByRole('checkbox').check();
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
  await expect(ask).toContainText('incomplete image with their partition tables cleared');
  await imprint.checkStep('cancel-confirm');
  await ask.getByRole('button', { name: 'Stop' }).click();

  await expect(page.getByRole('heading', { name: 'Cancelled' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('target-outcome')).toContainText('Cancelled while writing');
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
  await expect(row.getByTestId('target-outcome')).toContainText('Failed: the drive holds an incomplete image');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await imprint.checkStep('failure');
});
