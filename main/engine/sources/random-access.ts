// Containers with random access (VHD, DMG, BIN/CUE, NRG): one ByteSource over the decoded image
// serves both inspection and the sequential write/verify passes.

import type { ByteSource } from '../../../app/inspect/byte-source.js';
import type { ImageSource, SourceReader } from '../source.js';
import { corruptImage } from './file-io.js';

/** A ByteSource that holds an open file. */
export interface ImageBytes extends ByteSource {
  close(): Promise<void>;
}

export class RandomAccessSource implements ImageSource {
  readonly sizeIsEstimate = false;

  constructor(
    readonly path: string,
    readonly container: string,
    readonly size: number,
    private readonly open: () => Promise<ImageBytes>,
  ) {}

  openBytes(): Promise<ImageBytes> {
    return this.open();
  }

  async openReader(): Promise<SourceReader> {
    const bytes = await this.open();
    let position = 0;
    return {
      read: async (into: Buffer): Promise<number> => {
        const want = Math.min(into.length, this.size - position);
        if (want <= 0) return 0;
        const got = await bytes.read(position, want);
        if (got.length < want) {
          throw corruptImage(this.path, this.container, `the image ends at byte ${position + got.length} of ${this.size}`);
        }
        into.set(got.subarray(0, want));
        position += want;
        return want;
      },
      close: () => bytes.close(),
    };
  }
}
