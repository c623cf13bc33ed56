// Steps several scenarios share: open the world's image, show the loop devices and find them.

import { expect } from 'vitest';
import type { DriveView, ImageSummary } from '../../../../app/ipc-contract.js';
import { arrayOf } from '../../../../app/validate.js';
import { answer, viewOfDevice } from '../expect.js';
import { driveView, imageSummary, nullable, settings } from '../shapes.js';
import type { ContractWorld, DriveRole } from '../world.js';

export const driveList = arrayOf(driveView, 4096);

/** A payload the compiler would refuse, sent anyway (as a compromised or buggy window could). */
export const unchecked = (value: unknown): never => value as never;

/** Picks an image in the open dialog and answers its summary. */
export async function pick(world: ContractWorld, path: string): Promise<ImageSummary> {
  world.chooseImage(path);
  const summary = answer(await world.api.chooseImage(), nullable(imageSummary));
  if (summary === null) return expect.fail('the dialog picked an image, yet nothing was opened');
  return summary;
}

/** Shows virtual drives and answers the world's drives as listed now (for the image opened, if any). */
export async function loops(world: ContractWorld): Promise<Record<DriveRole, DriveView>> {
  answer(await world.api.setSettings({ showVirtualDrives: true }), settings);
  const views = answer(await world.api.listDrives(), driveList);
  const find = (role: DriveRole): DriveView => {
    const view = viewOfDevice(views, world.devices[role]);
    if (!view) return expect.fail(`${world.devices[role]} (${role}) is not in the drive list`);
    return view;
  };
  return { small: find('small'), fits: find('fits'), locked: find('locked') };
}
