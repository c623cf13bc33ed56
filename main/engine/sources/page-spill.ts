// Decoded pages of a compressed stream, set aside as the decoder passes them (forward-bytes.ts), so
// that going back to them costs a read instead of decoding the stream again from its start. Pages
// of zeros (free space, and every decompression bomb) are remembered as such and take no room; the
// others go to a temporary file, up to `capacity` bytes. Memory stays bounded whatever the image:
// only the map of where each page lies is kept. The file is unlinked as soon as it is open (except
// on Windows, which removes it on close), so nothing is left behind.

import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Place {
  /** Where the page lies in the spill file; null for a page of zeros. */
  at: number | null;
  length: number;
}

const ZEROS = Buffer.alloc(1024 * 1024);

/** memcmp against zeros, a MiB at a time: a loop in JavaScript would cost a millisecond per page. */
function isZero(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const piece = bytes.subarray(at, at + ZEROS.length);
    if (!piece.equals(ZEROS.subarray(0, piece.length))) return false;
  }
  return true;
}

export class PageSpill {
  private readonly places = new Map<number, Place>();
  private file: Promise<{ handle: FileHandle; dir: string } | null> | null = null;
  private used = 0;
  private failed = false;

  constructor(private readonly capacity: number) {}

  has(index: number): boolean {
    return this.places.has(index);
  }

  /** Sets a page aside; silently does nothing when full or when the temporary file cannot be written. */
  async put(index: number, page: Buffer): Promise<void> {
    if (this.places.has(index) || this.failed) return;
    if (isZero(page)) {
      this.places.set(index, { at: null, length: page.length });
      return;
    }
    if (this.used + page.length > this.capacity) return;
    const file = await this.open();
    if (file === null) return;
    const at = this.used;
    this.used += page.length;
    try {
      await file.handle.write(page, 0, page.length, at);
      this.places.set(index, { at, length: page.length });
    } catch {
      // A full temporary folder: the pages simply are not kept (the reader decodes again).
      this.failed = true;
    }
  }

  /** Bytes [from, to) of a page set aside, or null when it was not. */
  async read(index: number, from: number, to: number): Promise<Buffer | null> {
    const place = this.places.get(index);
    if (place === undefined) return null;
    const end = Math.min(to, place.length);
    const out = Buffer.alloc(Math.max(0, end - from));
    if (place.at === null || out.length === 0) return out;
    const file = await this.file;
    if (!file) return null;
    let filled = 0;
    while (filled < out.length) {
      const { bytesRead } = await file.handle.read(out, filled, out.length - filled, place.at + from + filled);
      if (bytesRead === 0) return null;
      filled += bytesRead;
    }
    return out;
  }

  private open(): Promise<{ handle: FileHandle; dir: string } | null> {
    this.file ??= (async () => {
      try {
        const dir = await mkdtemp(join(tmpdir(), 'imprint-pages-'));
        const handle = await open(join(dir, 'pages'), 'wx+', 0o600);
        if (process.platform !== 'win32') await rm(dir, { recursive: true, force: true });
        return { handle, dir };
      } catch {
        this.failed = true;
        return null;
      }
    })();
    return this.file;
  }

  async close(): Promise<void> {
    const file = await this.file;
    this.places.clear();
    if (!file) return;
    await file.handle.close();
    if (process.platform === 'win32') await rm(file.dir, { recursive: true, force: true });
  }
}
