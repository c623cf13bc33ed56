// Random access to the DECODED image, for inspection: `imprint inspect image.img.xz` looks at the
// disk inside. Raw files are read directly; VHD, DMG, BIN/CUE, NRG and stored zip entries map
// offsets; compressed streams decode forward on demand (forward-bytes.ts: bytes already read are
// kept, and decoding is budgeted, restarts included). Forward decoding stops at
// INSPECT_DECODE_LIMIT: a read beyond it throws E_INSPECT_LIMIT, which the inspector reports as
// a warning (e.g. a GPT backup header at the end of a 30 GB image). With a signal, every read
// checks it first: Ctrl-C and SIGTERM stop inspection between reads.

import { ImprintError } from '../../../app/errors.js';
import type { ByteSource } from '../../../app/inspect/byte-source.js';
import { FileByteSource } from '../file-byte-source.js';
import { openImage, type ImageSource } from '../source.js';
import { ForwardBytes } from './forward-bytes.js';
import { LayeredSource } from './layered-source.js';
import { RandomAccessSource } from './random-access.js';

export { ForwardBytes } from './forward-bytes.js';

/** Decoded bytes a compressed image is decoded into, at most, for inspection. */
export const INSPECT_DECODE_LIMIT = 1024 * 1024 * 1024;

export interface ImageView {
  source: ImageSource;
  bytes: ByteSource;
  close(): Promise<void>;
}

/** Opens the image and a view of its decoded bytes; closing the view closes the image. */
export async function openImageBytes(path: string, limit = INSPECT_DECODE_LIMIT, signal?: AbortSignal): Promise<ImageView> {
  // A truncated raw download is reported by inspection (TRUNCATED), not refused as it is for writing.
  const source = await openImage(path, { checkIntact: false });
  try {
    const view = await viewImageBytes(source, limit, signal);
    return { ...view, close: () => view.close().finally(() => source.close()) };
  } catch (error) {
    await source.close();
    throw error;
  }
}

/** A view of an open source's decoded bytes; closing the view leaves the source open. */
export async function viewImageBytes(source: ImageSource, limit = INSPECT_DECODE_LIMIT, signal?: AbortSignal): Promise<ImageView> {
  const view = await openView(source, limit, signal);
  return signal === undefined ? view : { ...view, bytes: cancellable(view.bytes, signal) };
}

async function openView(source: ImageSource, limit: number, signal: AbortSignal | undefined): Promise<ImageView> {
  if (source instanceof RandomAccessSource) {
    const bytes = await source.openBytes();
    return { source, bytes, close: () => bytes.close() };
  }
  if (source instanceof LayeredSource) {
    const direct = await source.openDirect();
    if (direct) return { source, bytes: direct, close: () => direct.close() };
    const bytes = new ForwardBytes(source, limit, { signal });
    return { source, bytes, close: () => bytes.close() };
  }
  const bytes = FileByteSource.of(source.file);
  return { source, bytes, close: () => bytes.close() };
}

/** Every read first checks the signal: parsers issue many small reads, so this is where they stop. */
function cancellable(bytes: ByteSource, signal: AbortSignal): ByteSource {
  return {
    size: bytes.size,
    read(offset, length) {
      if (signal.aborted) return Promise.reject(new ImprintError('E_CANCELLED', { detail: 'the image was not fully inspected' }));
      return bytes.read(offset, length);
    },
  };
}
