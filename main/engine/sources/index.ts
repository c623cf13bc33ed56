// Opening an image: the container is recognised by content (detect.ts) and the matching reader is
// returned; compressed layers are unwrapped as long as the decoded bytes start with another codec's
// magic. Formats that cannot be written raw are refused here, before any drive is touched. The
// file is opened here, once (image-file.ts), and every reader of every pass reads that handle.

import { ImprintError } from '../../../app/errors.js';
import type { ImageSource } from '../source.js';
import { cdImage, cueImage } from './cd-image.js';
import { detectImage, detectStream, HEAD_BYTES, TAIL_BYTES, type ImageFormat } from './detect.js';
import { dmgImage } from './dmg.js';
import { readFull, unsupportedImage } from './file-io.js';
import { ImageFile, type ImageFileOptions } from './image-file.js';
import { LayeredSource, type LayeredSourceInit } from './layered-source.js';
import { RawFileSource } from './raw-file.js';
import { nrgImage } from './nrg.js';
import type { RandomAccessSource } from './random-access.js';
import { decodedLowerBound, gzipDecodedSize, unknownDecodedSize, xzDecodedSize, zstdDecodedSize, type DecodedSize } from './stream-sizes.js';
import { checkRawIntact } from './truncation.js';
import { vhdImage } from './vhd.js';
import { zipImage } from './zip.js';

export { LayeredSource } from './layered-source.js';
export { RandomAccessSource } from './random-access.js';
export { ImageFile } from './image-file.js';
export { detectImage, detectStream, type ImageFormat } from './detect.js';

/** Compressed layers unwrapped at most (a .img.gz.xz has two). */
const MAX_LAYERS = 4;

const CONVERT = 'convert it to a raw image first, e.g. "qemu-img convert -O raw <image> image.img", and write that';

/** Why each recognised-but-unwritable format is refused. */
const REFUSED: Partial<Record<ImageFormat, string>> = {
  qcow2: `it is a QEMU qcow2 virtual disk, whose blocks are not laid out like a drive; ${CONVERT}`,
  vmdk: `it is a VMware VMDK virtual disk, whose blocks are not laid out like a drive; ${CONVERT}`,
  vdi: `it is a VirtualBox VDI virtual disk; ${CONVERT.replace('qemu-img convert -O raw', 'qemu-img convert -f vdi -O raw')}`,
  vhdx: `it is a Hyper-V VHDX virtual disk, which Imprint does not read yet; ${CONVERT}`,
  wim: 'it is a Windows Imaging (WIM) archive, not a disk image: it is unpacked by Windows Setup, not written to a drive',
};

export interface OpenOptions extends ImageFileOptions {
  /**
   * Refuse a raw file that shows signs of a truncated download (truncation.ts). On for writing;
   * inspection turns it off so that it can report the truncation as a warning instead.
   */
  checkIntact?: boolean;
}

/**
 * Opens the image once (a regular file, as the user who asked: image-file.ts) and returns the
 * source that reads it. The source owns the file: the caller closes the source.
 */
export async function openSource(path: string, options: OpenOptions = {}): Promise<ImageSource> {
  const file = await ImageFile.open(path, options);
  try {
    return await sourceOn(file, options);
  } catch (error) {
    await file.close();
    throw error;
  }
}

async function sourceOn(file: ImageFile, options: OpenOptions): Promise<ImageSource> {
  const { path, size: fileSize } = file;
  const head = await file.readAt(0, HEAD_BYTES);
  const tail = await file.readAt(Math.max(0, fileSize - TAIL_BYTES), Math.min(TAIL_BYTES, fileSize));
  const format = detectImage(head, tail);
  const refusal = REFUSED[format];
  if (refusal) throw unsupportedImage(path, refusal);
  switch (format) {
    case 'raw':
      if (options.checkIntact !== false) await checkRawIntact(file, head, fileSize, path);
      return new RawFileSource(file);
    case 'gzip':
    case 'xz':
    case 'zstd':
    case 'bzip2': {
      const size = await streamSize(format, file);
      const init: LayeredSourceInit = {
        file,
        container: format,
        layers: [format],
        size: size.size,
        sizeIsEstimate: !size.exact,
        openBottom: (onBytes) => file.reader(0, fileSize, onBytes),
        wholeFile: true,
      };
      if (size.minSize !== undefined) init.minSize = size.minSize;
      return unwrapNested(init);
    }
    case 'zip':
      return unwrapNested(await zipImage(file));
    default:
      return openRandomAccess(format, file);
  }
}

function streamSize(format: 'gzip' | 'xz' | 'zstd' | 'bzip2', file: ImageFile): Promise<DecodedSize> {
  const { path, size } = file;
  if (format === 'xz') return xzDecodedSize(file, size, path);
  if (format === 'zstd') return zstdDecodedSize(file, size, path);
  if (format === 'gzip') return gzipDecodedSize(file, size);
  return Promise.resolve(unknownDecodedSize(size));
}

async function openRandomAccess(format: ImageFormat, file: ImageFile): Promise<RandomAccessSource> {
  switch (format) {
    case 'dmg':
      return dmgImage(file);
    case 'vhd':
      return vhdImage(file);
    case 'nrg':
      return nrgImage(file);
    case 'cd-raw':
      return cdImage(file);
    case 'cue':
      return cueImage(file);
    default:
      throw new ImprintError('E_INTERNAL', { detail: `no reader for ${format}` });
  }
}

async function decodedHead(source: LayeredSource): Promise<Buffer> {
  const reader = await source.openDecoded();
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return head.subarray(0, await readFull(reader, head));
  } finally {
    await reader.close();
  }
}

/** Looks at what the outer layers decode to, and adds a layer while it is another compressed stream. */
async function unwrapNested(init: LayeredSourceInit): Promise<LayeredSource> {
  let current = init;
  for (;;) {
    const source = new LayeredSource(current);
    const head = await decodedHead(source);
    if (head.length === 0) throw new ImprintError('E_IMAGE_EMPTY', { path: init.file.path });
    const inner = detectStream(head);
    const kind = detectImage(head, new Uint8Array(0));
    const refusal = REFUSED[kind];
    const { path } = init.file;
    if (refusal && current.layers.length > 0) throw unsupportedImage(path, `inside ${current.container}, ${refusal}`);
    if (kind === 'zip' && current.layers.length > 0) {
      throw unsupportedImage(path, `it is a zip archive inside ${current.container}; decompress it and write the image inside`);
    }
    if (!inner) return source;
    if (current.layers.length >= MAX_LAYERS) throw unsupportedImage(path, `it has more than ${MAX_LAYERS} compressed layers`);
    // The inner stream's own size is at its end, out of reach without decoding everything.
    const previous = current;
    const floor = current.sizeIsEstimate ? (current.minSize ?? 0) : current.size;
    current = {
      file: init.file,
      container: `${current.container}+${inner}`,
      layers: [...current.layers, inner],
      size: unknownDecodedSize(current.size).size,
      sizeIsEstimate: true,
      minSize: decodedLowerBound(floor),
      openBottom: (onBytes) => previous.openBottom(onBytes),
    };
    if (previous.wholeFile === true) current.wholeFile = true;
    // A zip entry's CRC-32 covers the outer layer's output; the nested layers are checked by their own codecs.
  }
}
