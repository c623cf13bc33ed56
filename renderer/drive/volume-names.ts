import type { DriveView } from '../../app/ipc-contract.js';

/** How the user knows their volumes: by label when there is one, else by where they are mounted. */
export function volumeNames(drive: DriveView): string[] {
  return drive.volumes.map((v) => (v.label ? `${v.label} (${v.path})` : v.path));
}
