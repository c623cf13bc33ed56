// Opening an image: from the file dialog or a file dropped on the window (open-with and a second
// instance come through the service's openPath, which uses the same opener).

import type { ImageSummary } from '../../../app/ipc-contract.js';
import { findChecksumSidecar } from '../checksums.js';
import type { Dialogs } from '../dialogs.js';
import type { DriveWatch } from '../drive-watch.js';
import type { ImageRegistry } from '../image-registry.js';
import type { RecentImages } from '../recent-images.js';
import type { HandlersFor } from './handler.js';

/** Opens an image for the window: inspected once, remembered as recent, the drives judged for it. */
export type OpenImage = (path: string) => Promise<ImageSummary>;

export function imageOpener(images: ImageRegistry, recent: RecentImages, drives: DriveWatch): OpenImage {
  return async (path) => {
    const opened = await images.open(path, findChecksumSidecar);
    await recent.add(path);
    drives.setImage(opened.facts);
    return opened.summary;
  };
}

export function imageHandlers(dialogs: Pick<Dialogs, 'chooseImage'>, open: OpenImage): HandlersFor<'image:choose' | 'image:open-dropped'> {
  return {
    'image:choose': async () => {
      const path = await dialogs.chooseImage();
      return path === null ? null : open(path);
    },
    // The preload turned the dropped File into a path; opening it checks it is a readable image file.
    'image:open-dropped': ({ path }) => open(path),
  };
}
