// Opening an image: the container is recognised by content (detect.ts) and the matching reader is
// returned; compressed layers are unwrapped as long as the decoded bytes start with another codec's
// magic. Formats that cannot be written raw are refused here, before any drive is touched.

import { stat } from 'node:fs/promises';
import { ImprintError } from '../../../app/errors.js';
import { RawFileSource, type ImageSource } from '../source.js';
import { cdImage, cueImage } from './cd-image.js';
import { detectImage, detectStream, HEAD_BYTES, TAIL_BYTES, type ImageFormat } from './detect.js';
import { dmgImage } from './dmg.js';
import { FileRangeReader, openFile, readAt, readFull, unsupportedImage } from './file-io.js';
import { LayeredSource, type LayeredSourceInit } from './layered-source.js';
import { nrgImage } from './nrg.js';
import type { RandomAccessSource } from './random-access.js';
import { decodedLowerBound, gzipDecodedSize, unknownDecodedSize, xzDecodedSize, zstdDecodedSize, type DecodedSize } from './stream-sizes.js';
import { checkRawIntact } from './truncation.js';
import { vhdImage } from './vhd.js';
import { zipImage } from './zip.js';

export { LayeredSource } from './layered-source.js';
export { RandomAccessSource } from './random-access.js';
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

export interface OpenOptions {
  /**
   * Refuse a raw file that shows signs of a truncated download (truncation.ts). On for writing;
   * inspection turns it off so that it can report the truncation as a warning instead.
   */
  checkIntact?: boolean;
}

export async function openSource(path: string, options: OpenOptions = {}): Promise<ImageSource> {
  const st = await stat(path).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ImprintError('E_IMAGE_NOT_FOUND', { path });
    throw new ImprintError('E_IMAGE_UNREADABLE', { path, detail: code });
  });
  if (!st.isFile()) return RawFileSource.open(path); // its checks name folders and drives
  if (st.size === 0) throw new ImprintError('E_IMAGE_EMPTY', { path });
  const handle = await openFile(path);
  let format: ImageFormat;
  let sizeInfo: DecodedSize | null = null;
  try {
    const head = await readAt(handle, 0, HEAD_BYTES);
    const tail = await readAt(handle, Math.max(0, st.size - TAIL_BYTES), Math.min(TAIL_BYTES, st.size));
    format = detectImage(head, tail);
    if (format === 'raw' && options.checkIntact !== false) await checkRawIntact(handle, head, st.size, path);
    if (format === 'xz') sizeInfo = await xzDecodedSize(handle, st.size, path);
    if (format === 'zstd') sizeInfo = await zstdDecodedSize(handle, st.size, path);
    if (format === 'gzip') sizeInfo = await gzipDecodedSize(handle, st.size);
    if (format === 'bzip2') sizeInfo = unknownDecodedSize(st.size);
  } finally {
    await handle.close();
  }
  const refusal = REFUSED[format];
  if (refusal) throw unsupportedImage(path, refusal);
  switch (format) {
    case 'raw':
      return RawFileSource.open(path);
    case 'gzip':
    case 'xz':
    case 'zstd':
    case 'bzip2': {
      const size = sizeInfo ?? unknownDecodedSize(st.size);
      const init: LayeredSourceInit = {
        path,
        container: format,
        layers: [format],
        size: size.size,
        sizeIsEstimate: !size.exact,
        openBottom: () => FileRangeReader.open(path),
      };
      if (size.minSize !== undefined) init.minSize = size.minSize;
      return unwrapNested(init);
    }
    case 'zip':
      return unwrapNested(await zipImage(path, st.size));
    default:
      return openRandomAccess(format, path, st.size);
  }
}

async function openRandomAccess(format: ImageFormat, path: string, fileSize: number): Promise<RandomAccessSource> {
  switch (format) {
    case 'dmg':
      return dmgImage(path, fileSize);
    case 'vhd':
      return vhdImage(path, fileSize);
    case 'nrg':
      return nrgImage(path, fileSize);
    case 'cd-raw':
      return cdImage(path, fileSize);
    case 'cue':
      return cueImage(path);
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
    if (head.length === 0) throw new ImprintError('E_IMAGE_EMPTY', { path: init.path });
    const inner = detectStream(head);
    const kind = detectImage(head, new Uint8Array(0));
    const refusal = REFUSED[kind];
    if (refusal && current.layers.length > 0) throw unsupportedImage(init.path, `inside ${current.container}, ${refusal}`);
    if (kind === 'zip' && current.layers.length > 0) {
      throw unsupportedImage(init.path, `it is a zip archive inside ${current.container}; decompress it and write the image inside`);
    }
    if (!inner) return source;
    if (current.layers.length >= MAX_LAYERS) throw unsupportedImage(init.path, `it has more than ${MAX_LAYERS} compressed layers`);
    // The inner stream's own size is at its end, out of reach without decoding everything.
    const previous = current;
    const floor = current.sizeIsEstimate ? (current.minSize ?? 0) : current.size;
    current = {
      path: init.path,
      container: `${current.container}+${inner}`,
      layers: [...current.layers, inner],
      size: unknownDecodedSize(current.size).size,
      sizeIsEstimate: true,
      minSize: decodedLowerBound(floor),
      openBottom: () => previous.openBottom(),
    };
    // A zip entry's CRC-32 covers the outer layer's output; the nested layers are checked by their own codecs.
  }
}
