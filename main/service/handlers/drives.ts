// The drive list on request (it is also pushed as drives:changed whenever a poll finds a change).

import type { DriveWatch } from '../drive-watch.js';
import type { HandlersFor } from './handler.js';

export function driveHandlers(drives: DriveWatch): HandlersFor<'drives:list'> {
  return {
    'drives:list': async () => {
      // A fresh scan, so a stick plugged in a moment ago is in the answer.
      await drives.refresh();
      return drives.current();
    },
  };
}
