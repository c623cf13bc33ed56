import { formatBytes } from '../../../app/format.js';
import type { ImageInfo } from '../../../app/inspect/image-info.js';
import { filesystemName, partitionTypeName } from '../../../app/inspect/partition-types.js';
import { findChecksumSidecar } from '../../engine/checksum.js';
import { inspectImageFile } from '../../engine/inspect-file.js';
import { EXIT, type Command } from '../command.js';
import { flag, parse } from '../parse.js';
import { printJson, usageError } from '../output.js';

const USAGE = `Usage: imprint inspect <image> [--json]

Reads the image (without changing it) and tells whether a drive written with it will boot,
by BIOS and by UEFI, and what else to know before writing: label, size, partitions, warnings.
  --json   print the result as one JSON object (the ImageInfo contract)`;


export function verdictLine(info: ImageInfo): string {
  const { bios, uefi } = info.usbBoot;
  if (bios && uefi) return 'Boots from USB: BIOS and UEFI';
  if (bios) return 'Boots from USB: BIOS only';
  if (uefi) return 'Boots from USB: UEFI only';
  return 'Will not boot from USB';
}

function bootList(support: { bios: boolean; uefi: boolean }): string {
  const names = [support.bios ? 'BIOS' : null, support.uefi ? 'UEFI' : null].filter((n) => n !== null);
  return names.length === 0 ? 'no bootable entry' : names.join(' and ');
}

export function describeImage(info: ImageInfo): string {
  // The verdict first, with what most changes it: why it will not boot, or that the file is incomplete.
  const headline = new Set(['NOT_USB_BOOTABLE', 'TRUNCATED']);
  const lines = [verdictLine(info)];
  for (const w of info.warnings) if (headline.has(w.code)) lines.push(`  ${w.message}`);
  if (info.windowsInstaller) lines.push('Windows installer: yes');
  lines.push('');
  const field = (name: string, value: string): void => {
    lines.push(`${`${name}:`.padEnd(14)}${value}`);
  };
  field('Image', info.path);
  field('Label', info.label ?? '(none)');
  field('Size', `${formatBytes(info.size)}${info.sizeIsEstimate ? ' (estimated)' : ''} (${info.size} bytes)`);
  if (info.container !== 'raw') field('Container', info.container);
  field('File systems', info.filesystems.length === 0 ? '(none found)' : info.filesystems.map(filesystemName).join(', '));
  if (info.elTorito !== null) field('CD boot', bootList(info.elTorito));
  if (info.partitionTable === null) {
    field('Partitions', '(no partition table)');
  } else {
    field('Partitions', `${info.partitionTable.toUpperCase()}, ${info.partitions.length}`);
    const rows = info.partitions.map((p) => [
      String(p.index),
      partitionTypeName(p.type),
      formatBytes(p.start),
      formatBytes(p.size),
      p.name,
    ]);
    const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
    for (const r of rows) {
      const [index = '', type = '', start = '', size = '', name = ''] = r;
      lines.push(
        `  ${index.padStart(widths[0] ?? 0)}  ${type.padEnd(widths[1] ?? 0)}  at ${start.padStart(widths[2] ?? 0)}  ${size.padStart(widths[3] ?? 0)}  ${name}`.trimEnd(),
      );
    }
  }
  const others = info.warnings.filter((w) => !headline.has(w.code));
  if (others.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of others) lines.push(`  ${w.code}: ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'tell whether an image will boot from USB, and what it holds',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, { json: { type: 'boolean' } });
    const [image, extra] = parsed.positionals;
    if (image === undefined) throw usageError('inspect needs an image file.');
    if (extra !== undefined) throw usageError(`unexpected argument: ${extra}`);
    const info = await inspectImageFile(image, ctx.signal);
    const checksumFile = await findChecksumSidecar(image);
    // checksumSidecar is an addition to the ImageInfo contract: a SHA256SUMS-style file next to the image.
    if (flag(parsed, 'json')) printJson(ctx, { ...info, checksumSidecar: checksumFile });
    else {
      ctx.stdout.write(describeImage(info));
      if (checksumFile) ctx.stdout.write(`\nChecksum file: ${checksumFile} (check it with "imprint hash ${image}")\n`);
    }
    return EXIT.ok;
  },
};
