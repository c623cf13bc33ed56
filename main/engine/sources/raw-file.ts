// An uncompressed image read as it is: the held file, from byte 0 to the size it had when opened.

import type { ImageSource, ReaderOptions, SourceReader } from '../source.js';
import { HeldFileSource, type ImageFile } from './image-file.js';

/** An uncompressed image file (.iso, .img, anything raw), opened read-only: it is never modified. */
export class RawFileSource extends HeldFileSource implements ImageSource {
  readonly container = 'raw';
  readonly sizeIsEstimate = false;
  readonly readsFileSequentially = true;
  readonly size: number;

  constructor(file: ImageFile) {
    super(file);
    this.size = file.size;
  }

  openReader(options: ReaderOptions = {}): Promise<SourceReader> {
    // The file as opened: bytes appended since are not read (checkUnchanged reports the change).
    return Promise.resolve(this.file.reader(0, this.size, options.onFileBytes));
  }
}
