import { formatBytes } from '../../../app/format.js';
import { listImageDirectory } from '../../../app/inspect/image-files.js';
import { EXIT, type Command } from '../command.js';
import { flag, parse } from '../parse.js';
import { printJson, usageError } from '../output.js';
import { withImageBytes } from '../../engine/inspect-file.js';

const USAGE = `Usage: imprint ls <image> [path] [--json]

Lists a folder inside an ISO, UDF or FAT image without mounting it (the root when no path is
given). Windows installer ISOs show their UDF files too.
  --json   print a JSON array of { name, kind, size }`;

export const lsCommand: Command = {
  name: 'ls',
  summary: 'list the files inside an ISO, UDF or FAT image',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, { json: { type: 'boolean' } });
    const [image, path = '/', extra] = parsed.positionals;
    if (image === undefined) throw usageError('ls needs an image file.');
    if (extra !== undefined) throw usageError(`unexpected argument: ${extra}`);
    const entries = await withImageBytes(image, (source) => listImageDirectory(source, image, path), ctx.signal);
    if (flag(parsed, 'json')) {
      printJson(ctx, entries);
      return EXIT.ok;
    }
    const sizes = entries.map((e) => (e.kind === 'file' ? formatBytes(e.size) : ''));
    const width = Math.max(0, ...sizes.map((s) => s.length));
    entries.forEach((entry, i) => {
      const name = entry.kind === 'directory' ? `${entry.name}/` : entry.kind === 'symlink' ? `${entry.name}@` : entry.name;
      ctx.stdout.write(`${(sizes[i] ?? '').padStart(width)}  ${name}\n`);
    });
    return EXIT.ok;
  },
};
