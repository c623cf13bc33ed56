// Microsoft VHD (Virtual Hard Disk Image Format Specification, 2006): the virtual disk, not the file.
// Fixed: the disk followed by a 512-byte footer. Dynamic: footer copy, dynamic header ("cxsparse"),
// a Block Allocation Table, and blocks each preceded by a sector bitmap; unallocated blocks read as
// zeros. The bitmap is not consulted: in a dynamic (non-differencing) disk, allocated blocks hold
// the data of every sector, zeros included.

import { corruptImage, readAt, unsupportedImage, type PositionedFile } from './file-io.js';
import type { ImageFile } from './image-file.js';
import { RandomAccessSource, type ImageBytes } from './random-access.js';

const UNALLOCATED = 0xffffffff;
/** A 2 TiB disk (the format's limit) in 512 KiB blocks needs 16 MiB of block table. */
const MAX_TABLE_BYTES = 16 * 1024 * 1024;

/** Footer checksum: one's complement of the byte sum, the checksum field (64..67) left out. */
function checksumOk(record: Buffer, checksumAt: number): boolean {
  let sum = 0;
  for (let i = 0; i < record.length; i++) if (i < checksumAt || i >= checksumAt + 4) sum += record[i] ?? 0;
  return (~sum >>> 0) === record.readUInt32BE(checksumAt);
}

async function readFooter(handle: PositionedFile, fileSize: number, path: string): Promise<Buffer> {
  for (const at of [fileSize - 512, fileSize - 511, 0]) {
    if (at < 0) continue;
    const footer = await readAt(handle, at, 512);
    if (footer.toString('latin1', 0, 8) === 'conectix') {
      if (!checksumOk(footer, 64)) throw corruptImage(path, 'vhd', 'the footer checksum does not match');
      return footer;
    }
  }
  throw corruptImage(path, 'vhd', 'the footer is missing (the file is probably truncated)');
}

/** Every read goes through the open file the source holds (image-file.ts). */
export async function vhdImage(file: ImageFile): Promise<RandomAccessSource> {
  const { path, size: fileSize } = file;
  const handle = file;
  const footer = await readFooter(handle, fileSize, path);
  const size = Number(footer.readBigUInt64BE(48)); // Current Size
  const diskType = footer.readUInt32BE(60); // Disk Type: 2 fixed, 3 dynamic, 4 differencing
  if (!Number.isSafeInteger(size)) throw corruptImage(path, 'vhd', 'the disk size is impossible');
  if (diskType === 2) {
    if (size > fileSize - 511) throw corruptImage(path, 'vhd', `the file holds less than the ${size}-byte disk it describes (truncated)`);
    return new RandomAccessSource(file, 'vhd', size, () => Promise.resolve(fileBytes(file, size, path)));
  }
  if (diskType === 4) {
    throw unsupportedImage(path, 'it is a differencing VHD, which only holds changes to a parent disk; merge it first, e.g. "qemu-img convert -O raw <image> image.img"');
  }
  if (diskType !== 3) throw corruptImage(path, 'vhd', `unknown disk type ${diskType}`);
  const headerAt = Number(footer.readBigUInt64BE(16)); // Data Offset → dynamic disk header
  if (!Number.isSafeInteger(headerAt) || headerAt + 1024 > fileSize) throw corruptImage(path, 'vhd', 'the dynamic disk header lies outside the file');
  const header = await readAt(handle, headerAt, 1024);
  if (header.toString('latin1', 0, 8) !== 'cxsparse') throw corruptImage(path, 'vhd', 'the dynamic disk header is missing');
  if (!checksumOk(header, 36)) throw corruptImage(path, 'vhd', 'the dynamic disk header checksum does not match');
  const tableAt = Number(header.readBigUInt64BE(16)); // Table Offset
  const entries = header.readUInt32BE(28); // Max Table Entries
  const blockSize = header.readUInt32BE(32); // Block Size (2 MiB by default)
  if (blockSize < 512 || blockSize % 512 !== 0 || entries * blockSize < size) {
    throw corruptImage(path, 'vhd', 'the block table does not cover the disk');
  }
  // Only the entries that cover the disk are read, and only from inside the file: Max Table Entries
  // is a 32-bit field, and 4 billion entries must not become a 16 GiB read.
  const used = Math.ceil(size / blockSize);
  if (used * 4 > MAX_TABLE_BYTES) throw corruptImage(path, 'vhd', `the block table claims ${used} entries`);
  if (!Number.isSafeInteger(tableAt) || tableAt + used * 4 > fileSize) throw corruptImage(path, 'vhd', 'the block table is cut short (truncated)');
  const table = await readAt(handle, tableAt, used * 4);
  if (table.length < used * 4) throw corruptImage(path, 'vhd', 'the block table is cut short (truncated)');
  const bitmapBytes = Math.ceil(blockSize / 512 / 8 / 512) * 512;
  const bat = new Uint32Array(used);
  for (let i = 0; i < used; i++) bat[i] = table.readUInt32BE(i * 4);
  return new RandomAccessSource(file, 'vhd', size, () => Promise.resolve(dynamicBytes(file, { size, blockSize, bitmapBytes, bat, path })));
}

function fileBytes(handle: PositionedFile, size: number, path: string): ImageBytes {
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (offset >= end) return new Uint8Array(0);
      const bytes = await readAt(handle, offset, end - offset);
      if (bytes.length < end - offset) throw corruptImage(path, 'vhd', 'the disk data is cut short (truncated)');
      return bytes;
    },
    close: () => Promise.resolve(),
  };
}

interface DynamicLayout {
  size: number;
  blockSize: number;
  bitmapBytes: number;
  bat: Uint32Array;
  path: string;
}

function dynamicBytes(handle: PositionedFile, layout: DynamicLayout): ImageBytes {
  const { size, blockSize, bitmapBytes, bat, path } = layout;
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (offset >= end) return new Uint8Array(0);
      const out = new Uint8Array(end - offset);
      for (let pos = offset; pos < end; ) {
        const block = Math.floor(pos / blockSize);
        const within = pos - block * blockSize;
        const take = Math.min(blockSize - within, end - pos);
        const entry = bat[block] ?? UNALLOCATED;
        if (entry !== UNALLOCATED) {
          const bytes = await readAt(handle, entry * 512 + bitmapBytes + within, take);
          if (bytes.length < take) throw corruptImage(path, 'vhd', `block ${block} lies past the end of the file (truncated)`);
          out.set(bytes, pos - offset);
        }
        pos += take;
      }
      return out;
    },
    close: () => Promise.resolve(),
  };
}
