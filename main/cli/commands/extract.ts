import { open, rm, type FileHandle } from 'node:fs/promises';
import { ImprintError, isImprintError } from '../../../app/errors.js';
import { formatBytes } from '../../../app/format.js';
import type { ByteSource } from '../../../app/inspect/byte-source.js';
import { openImageFile, withImagePath } from '../../../app/inspect/image-files.js';
import { EXIT, type CliContext, type Command } from '../command.js';
import { parse } from '../parse.js';
import { usageError } from '../output.js';
import { withImageBytes } from '../../engine/inspect-file.js';

const USAGE = `Usage: imprint extract <image> <path-in-image> <out>

Copies one file out of an ISO, UDF or FAT image without mounting it. <out> must not exist yet:
Imprint never overwrites a file.`;

/** Streamed in pieces of this size: a 6 GiB install.wim never sits in memory. */
const CHUNK = 1024 * 1024;

async function createOutput(out: string): Promise<FileHandle> {
  try {
    // "wx": fail if the path exists, atomically (no check-then-create race).
    return await open(out, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ImprintError('E_OUTPUT_EXISTS', { path: out });
    // A file, not a drive: E_IO's "try another port" would point at the wrong thing.
    throw new ImprintError('E_OUTPUT_WRITE_FAILED', { path: out, detail: code ?? String(error) });
  }
}

async function copy(file: ByteSource, handle: FileHandle, ctx: CliContext, imagePath: string, out: string): Promise<void> {
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    if (ctx.signal.aborted) throw new ImprintError('E_EXTRACT_CANCELLED', { path: out });
    let bytes: Uint8Array;
    try {
      bytes = await file.read(offset, Math.min(CHUNK, file.size - offset));
    } catch (error) {
      throw withImagePath(error, imagePath);
    }
    if (bytes.length === 0) throw new ImprintError('E_IMAGE_CORRUPT', { path: imagePath, detail: 'a file ends early' });
    try {
      await handle.write(bytes, 0, bytes.length, offset);
    } catch (error) {
      throw new ImprintError('E_OUTPUT_WRITE_FAILED', { path: out, offset, detail: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
}

export const extractCommand: Command = {
  name: 'extract',
  summary: 'copy a file out of an ISO, UDF or FAT image',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, {});
    const [image, inside, out, extra] = parsed.positionals;
    if (image === undefined || inside === undefined || out === undefined) {
      throw usageError('extract needs an image, a path inside it, and an output file.');
    }
    if (extra !== undefined) throw usageError(`unexpected argument: ${extra}`);
    const size = await withImageBytes(image, async (source) => {
      const file = await openImageFile(source, image, inside);
      const handle = await createOutput(out);
      let done = false;
      try {
        await copy(file, handle, ctx, image, out);
        done = true;
      } finally {
        await handle.close();
        // A partial file looks like a good one: never leave it behind.
        if (!done) await rm(out, { force: true });
      }
      return file.size;
    }, ctx.signal).catch((error: unknown) => {
      // Cancelled while still reading the image's directories: the same answer as in the copy.
      if (ctx.signal.aborted && isImprintError(error) && error.code === 'E_CANCELLED') throw new ImprintError('E_EXTRACT_CANCELLED', { path: out });
      throw error;
    });
    ctx.stdout.write(`Extracted ${inside} (${formatBytes(size)}) to ${out}\n`);
    return EXIT.ok;
  },
};
