// Checking an opened image: its hash against a value the user typed, or against a sums file they
// pick in a dialog (the comparison itself is main/service/checksums.ts over the engine's).

import { checkSumsFile, hashImage } from '../checksums.js';
import type { Dialogs } from '../dialogs.js';
import type { ImageRegistry } from '../image-registry.js';
import type { HandlersFor } from './handler.js';

export function checksumHandlers(images: ImageRegistry, dialogs: Pick<Dialogs, 'chooseSumsFile'>): HandlersFor<'image:hash' | 'image:check-sums-file'> {
  return {
    'image:hash': ({ imageId, algorithm, expected }) => hashImage(images.get(imageId).path, algorithm, expected),
    'image:check-sums-file': async ({ imageId }) => {
      const sums = await dialogs.chooseSumsFile();
      return sums === null ? null : checkSumsFile(images.get(imageId).path, sums);
    },
  };
}
