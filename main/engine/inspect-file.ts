// Inspection of an image file as the drive will receive it: the one place the CLI, the service
// and the writer's caller go through, so decoded containers slot in here once.

import type { ImageInfo } from '../../app/inspect/image-info.js';
import { inspectImage } from '../../app/inspect/inspect-image.js';
import { FileByteSource } from './file-byte-source.js';

export async function inspectImageFile(path: string): Promise<ImageInfo> {
  const source = await FileByteSource.open(path);
  try {
    return await inspectImage(source, { path, container: 'raw', sizeIsEstimate: false });
  } finally {
    await source.close();
  }
}
