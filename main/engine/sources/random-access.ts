// Containers with random access (VHD, DMG, BIN/CUE, NRG): one ByteSource over the decoded image
// serves both inspection and the sequential write/verify passes, all over the files opened once.

import type { ByteSource } from '../../../app/inspect/byte-source.js';
import { ImprintError } from '../../../app/errors.js';
import type { ImageSource, ReaderOptions, SourceReader } from '../source.js';
import { corruptImage } from './file-io.js';
import { HeldFileSource, type ImageFile } from './image-file.js';

/** A ByteSource over the source's open files; close() releases what it caches, never the files. */
export interface ImageBytes extends ByteSource {
  close(): Promise<void>;
}

export class RandomAccessSource extends HeldFileSource implements ImageSource {
  readonly sizeIsEstimate = false;
  /** The file is read where the container's tables point, not front to back. */
  readonly readsFileSequentially = false;

  constructor(
    file: ImageFile,
    readonly container: string,
    readonly size: number,
    private readonly open: () => Promise<ImageBytes>,
    /** Other files the image is made of (a cue sheet's data file), held and checked with it. */
    more: readonly ImageFile[] = [],
  ) {
    super(file, more);
  }

  openBytes(): Promise<ImageBytes> {
    return this.open();
  }

  async openReader(options: ReaderOptions = {}): Promise<SourceReader> {
    if (options.onFileBytes) {
      throw new ImprintError('E_INTERNAL', { detail: `a ${this.container} image is not read front to back: hash it with hashFile()` });
    }
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
