// Inspection and browsing of an image file as the drive will receive it: containers and
// compressed streams are decoded (sources/byte-view.ts), so `imprint inspect image.img.xz` reports
// the disk inside. The one place the CLI and the service open an image for reading its contents.

import type { ByteSource } from '../../app/inspect/byte-source.js';
import type { ImageInfo } from '../../app/inspect/image-info.js';
import { inspectImage } from '../../app/inspect/inspect-image.js';
import type { ImageSource } from './source.js';
import { openImageBytes } from './sources/byte-view.js';

export async function withImageBytes<T>(path: string, work: (bytes: ByteSource, source: ImageSource) => Promise<T>): Promise<T> {
  const view = await openImageBytes(path);
  try {
    return await work(view.bytes, view.source);
  } finally {
    await view.close();
  }
}

export function inspectImageFile(path: string): Promise<ImageInfo> {
  return withImageBytes(path, (bytes, source) =>
    inspectImage(bytes, { path, container: source.container, sizeIsEstimate: source.sizeIsEstimate }),
  );
}
