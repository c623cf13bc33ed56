// Images the user opened this session: main keeps the paths, the window gets ids and summaries.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ImageFacts } from '../../app/drive-rules.js';
import { ImprintError } from '../../app/errors.js';
import type { ImageSummary } from '../../app/ipc-contract.js';
import { imageFacts } from '../engine/preflight.js';
import { inspectSource } from '../engine/inspect-file.js';
import { openImage, type ImageSource } from '../engine/source.js';

export interface OpenedImage {
  path: string;
  summary: ImageSummary;
  facts: ImageFacts;
}

export class ImageRegistry {
  private readonly images = new Map<string, OpenedImage>();

  /** Opens and inspects an image; an image that cannot be inspected is still writable (inspectError says why). */
  async open(path: string, sidecar: (path: string) => Promise<string | null>): Promise<OpenedImage> {
    // Opened once: the summary, the inspection and the facts all read the same checked file.
    const source = await openImage(path);
    try {
      return await this.describe(path, source, sidecar);
    } finally {
      await source.close();
    }
  }

  private async describe(path: string, source: ImageSource, sidecar: (path: string) => Promise<string | null>): Promise<OpenedImage> {
    let info = null;
    let inspectError = null;
    try {
      // The window gets names, never paths (ARCHITECTURE.md): the contract's path becomes the file name.
      info = { ...(await inspectSource(source)), path: basename(path) };
    } catch (error) {
      inspectError = (error instanceof ImprintError ? error : new ImprintError('E_IMAGE_CORRUPT', { path, detail: String(error) })).toData();
    }
    const summary: ImageSummary = {
      imageId: randomUUID(),
      name: basename(path),
      size: source.size,
      sizeIsEstimate: source.sizeIsEstimate,
      container: source.container,
      info,
      inspectError,
      // By file name, like the image itself: the folder stays in main.
      checksumSidecar: await sidecar(path).then(
        (found) => (found === null ? null : basename(found)),
        () => null,
      ),
    };
    const opened = { path, summary, facts: await imageFacts(source) };
    this.images.set(summary.imageId, opened);
    return opened;
  }

  get(imageId: string): OpenedImage {
    const image = this.images.get(imageId);
    if (!image) throw new ImprintError('E_UNKNOWN_ID', { detail: 'That image' });
    return image;
  }
}
