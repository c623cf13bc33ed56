// Inspection and browsing of an image file as the drive will receive it: containers and
// compressed streams are decoded (sources/byte-view.ts), so `imprint inspect image.img.xz` reports
// the disk inside. The one place the CLI and the service open an image for reading its contents;
// the view holds the image open from the first read to the last (sources/image-file.ts).

import type { ByteSource } from '../../app/inspect/byte-source.js';
import type { ImageInfo } from '../../app/inspect/image-info.js';
import { inspectImage } from '../../app/inspect/inspect-image.js';
import type { ImageSource } from './source.js';
import { openImageBytes, viewImageBytes } from './sources/byte-view.js';

/** `signal` (Ctrl-C, SIGTERM) stops the work at its next read of the image. */
export async function withImageBytes<T>(path: string, work: (bytes: ByteSource, source: ImageSource) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const view = await openImageBytes(path, undefined, signal);
  try {
    return await work(view.bytes, view.source);
  } finally {
    await view.close();
  }
}

/** Inspects an image already open (the service opens it once for its summary and facts). */
export async function inspectSource(source: ImageSource, signal?: AbortSignal): Promise<ImageInfo> {
  const view = await viewImageBytes(source, undefined, signal);
  try {
    return await inspectImage(view.bytes, { path: source.path, container: source.container, sizeIsEstimate: source.sizeIsEstimate });
  } finally {
    await view.close();
  }
}

export function inspectImageFile(path: string, signal?: AbortSignal): Promise<ImageInfo> {
  return withImageBytes(
    path,
    (bytes, source) => inspectImage(bytes, { path, container: source.container, sizeIsEstimate: source.sizeIsEstimate }),
    signal,
  );
}
