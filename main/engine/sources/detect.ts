// Which container an image is, decided by its bytes alone (never by its file name), with the magic
// numbers each format's own specification puts at its start or end. Used on the file, and again on every
// decoded stream so that nestings such as .img.gz.xz unwrap layer by layer.

/** Compressed streams: recognisable from their first bytes, decodable front to back. */
export type StreamFormat = 'gzip' | 'xz' | 'bzip2' | 'zstd';

/** Formats that only make sense as a whole file (trailers, side files, random access). */
export type FileFormat = 'zip' | 'dmg' | 'vhd' | 'vhdx' | 'qcow2' | 'vmdk' | 'vdi' | 'wim' | 'cue' | 'cd-raw' | 'nrg';

export type ImageFormat = StreamFormat | FileFormat | 'raw';

/** Bytes of the file's start that detection looks at. */
export const HEAD_BYTES = 64 * 1024;
/** Bytes of the file's end that detection looks at (UDIF and VHD trailers are 512 bytes). */
export const TAIL_BYTES = 1024;

const CD_SYNC = [0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
export const RAW_SECTOR = 2352;

function startsWith(bytes: Uint8Array, offset: number, magic: readonly number[] | string): boolean {
  const pattern = typeof magic === 'string' ? Array.from(Buffer.from(magic, 'latin1')) : magic;
  if (offset < 0 || offset + pattern.length > bytes.length) return false;
  return pattern.every((b, i) => bytes[offset + i] === b);
}

export function hasCdSync(bytes: Uint8Array, offset: number): boolean {
  return startsWith(bytes, offset, CD_SYNC);
}

export function detectStream(head: Uint8Array): StreamFormat | null {
  if (startsWith(head, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz'; // xz stream header magic
  if (startsWith(head, 0, [0x1f, 0x8b, 0x08])) return 'gzip'; // RFC 1952 ID1 ID2, CM = deflate
  if (startsWith(head, 0, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd'; // RFC 8878 frame magic
  // RFC 8878 skippable frame (0x184D2A5?) before the first real frame.
  if (head.length >= 4 && (head[0] ?? 0) >> 4 === 0x5 && startsWith(head, 1, [0x2a, 0x4d, 0x18])) return 'zstd';
  // bzip2: "BZh" + block size digit + the first block's (or the end-of-stream) 48-bit magic.
  const level = head[3] ?? 0;
  if (startsWith(head, 0, 'BZh') && level >= 0x31 && level <= 0x39) {
    if (startsWith(head, 4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || startsWith(head, 4, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])) {
      return 'bzip2';
    }
  }
  return null;
}

function looksLikeCueSheet(head: Uint8Array): boolean {
  const text = head.subarray(0, Math.min(head.length, 8192));
  if (text.includes(0)) return false;
  const s = Buffer.from(text).toString('latin1');
  return /^\s*(\uFEFF)?\s*(FILE|REM|CATALOG|TITLE|PERFORMER|SONGWRITER|CDTEXTFILE)\b/i.test(s) && /\bTRACK\s+\d+\s+\S+/i.test(s) && /\bFILE\s+/i.test(s);
}

/** `tail` holds the file's last bytes (up to TAIL_BYTES), `size` its length. */
export function detectImage(head: Uint8Array, tail: Uint8Array): ImageFormat {
  // Trailers first: a DMG's data fork starts with its first chunk's bytes, which in a bzip2 DMG
  // (hdiutil UDBZ) are a bzip2 stream, and a fixed VHD starts with whatever its disk holds.
  if (startsWith(tail, tail.length - 512, 'koly')) return 'dmg'; // UDIF trailer, 512 bytes, big-endian
  // VHD footer: the last 512 bytes (511 for some old writers).
  if (startsWith(tail, tail.length - 512, 'conectix') || startsWith(tail, tail.length - 511, 'conectix')) return 'vhd';
  const stream = detectStream(head);
  if (stream) return stream;
  if (startsWith(head, 0, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, 0, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, 0, 'vhdxfile')) return 'vhdx';
  if (startsWith(head, 0, [0x51, 0x46, 0x49, 0xfb])) return 'qcow2';
  if (startsWith(head, 0, 'KDMV') || startsWith(head, 0, '# Disk DescriptorFile') || startsWith(head, 0, 'COWD')) return 'vmdk';
  if (startsWith(head, 64, [0x7f, 0x10, 0xda, 0xbe])) return 'vdi'; // VDI signature 0xBEDA107F at 64
  if (startsWith(head, 0, [0x4d, 0x53, 0x57, 0x49, 0x4d, 0, 0, 0])) return 'wim';
  if (startsWith(head, 0, 'conectix') && startsWith(head, 512, 'cxsparse')) return 'vhd'; // dynamic VHD's footer copy
  if (startsWith(tail, tail.length - 12, 'NER5') || startsWith(tail, tail.length - 8, 'NERO')) return 'nrg';
  if (hasCdSync(head, 0) && hasCdSync(head, RAW_SECTOR)) return 'cd-raw';
  if (looksLikeCueSheet(head)) return 'cue';
  return 'raw';
}

/**
 * Whether decoded bytes look like something worth writing to a drive: a partition table or boot
 * sector, an ISO 9660 / UDF volume, an ext file system, or another container. Used to pick the image
 * out of a zip archive.
 */
export function looksLikeDiskImage(head: Uint8Array): boolean {
  if (detectStream(head)) return true;
  if (head[510] === 0x55 && head[511] === 0xaa) return true; // MBR / boot sector signature
  if (startsWith(head, 512, 'EFI PART')) return true;
  for (const id of ['CD001', 'BEA01', 'NSR02', 'NSR03']) if (startsWith(head, 32769, id)) return true;
  if (startsWith(head, 1080, [0x53, 0xef])) return true; // ext2/3/4 superblock s_magic
  if (hasCdSync(head, 0)) return true;
  const kind = detectImage(head, new Uint8Array(0));
  return kind === 'vhdx' || kind === 'qcow2' || kind === 'vmdk' || kind === 'vdi';
}
