// The recently opened images: the window sees ids, names and folders; the paths stay here.

import { ImprintError } from '../../../app/errors.js';
import type { RecentImages } from '../recent-images.js';
import type { HandlersFor } from './handler.js';
import type { OpenImage } from './images.js';

export function recentHandlers(recent: RecentImages, open: OpenImage): HandlersFor<'image:recent' | 'image:open-recent'> {
  return {
    'image:recent': () => recent.list(),
    'image:open-recent': async ({ recentId }) => {
      const path = recent.pathOf(recentId);
      if (!path) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That recent image' });
      return open(path);
    },
  };
}
