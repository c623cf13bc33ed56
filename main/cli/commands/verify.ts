import { openImage, type ImageSource } from '../../engine/source.js';
import { verifyDrive } from '../../engine/verify.js';
import type { Command } from '../command.js';
import { progressSink, reportResult } from '../job-output.js';
import { flag, parse } from '../parse.js';
import { reportError, usageError } from '../output.js';

const USAGE = `Usage: imprint verify <image> <device> [--json]

Compares a drive with an image byte for byte, reading the drive unbuffered. Writes nothing.
Exit code 0 when they match, 3 with the first differing byte when they do not.`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'compare a drive with an image, writing nothing',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, { json: { type: 'boolean' } });
    const json = flag(parsed, 'json');
    let source: ImageSource | undefined;
    try {
      const [imagePath, device, ...extra] = parsed.positionals;
      if (!imagePath || !device) throw usageError('verify needs an image and a device.');
      if (extra.length > 0) throw usageError('verify compares one device at a time.');
      // Opened once, as the user who asked; every pass reads this handle (engine/sources/image-file.ts).
      source = await openImage(imagePath);
      const sink = progressSink(ctx, json);
      const result = await verifyDrive(source, device, { signal: ctx.signal, onProgress: sink.onProgress });
      sink.end();
      return reportResult(ctx, result, json, 'verify');
    } catch (error) {
      return reportError(ctx, error, json);
    } finally {
      await source?.close();
    }
  },
};
