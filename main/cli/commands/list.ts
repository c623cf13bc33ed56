import { judgeDrive, type DriveVerdict } from '../../../app/drive-rules.js';
import type { Drive } from '../../../app/drive.js';
import { formatBytes } from '../../../app/format.js';
import { scanDrives } from '../../engine/drives.js';
import { EXIT, type Command } from '../command.js';
import { flag, parse } from '../parse.js';
import { printJson, usageError } from '../output.js';

const USAGE = `Usage: imprint list [--all] [--json]

Lists the drives Imprint can write to, with the verdict of the safety rules.
  --all    also list virtual drives (loop devices, RAM disks)
  --json   print a JSON array`;

function status(verdict: DriveVerdict): string {
  const refused = verdict.findings.filter((f) => f.severity === 'refused').map((f) => f.code);
  const warned = verdict.findings.filter((f) => f.severity === 'warning').map((f) => f.code);
  if (refused.length > 0) return `refused: ${refused.join(', ').toLowerCase()}`;
  if (warned.length > 0) return `confirm: ${warned.join(', ').toLowerCase()}`;
  return 'ok';
}

function row(drive: Drive, verdict: DriveVerdict): string[] {
  return [
    drive.device,
    drive.size === null ? '-' : formatBytes(drive.size),
    drive.isVirtual ? 'virtual' : drive.busType,
    drive.description,
    status(verdict),
  ];
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list drives and whether Imprint may write to them',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, { all: { type: 'boolean' }, json: { type: 'boolean' } });
    if (parsed.positionals.length > 0) throw usageError(`unexpected argument: ${parsed.positionals[0] ?? ''}`);
    const drives = await scanDrives({ includeVirtual: flag(parsed, 'all') });
    const judged = drives.map((drive) => ({ drive, verdict: judgeDrive(drive, null, { allowSystemDrive: false }) }));
    if (flag(parsed, 'json')) {
      printJson(ctx, judged.map(({ drive, verdict }) => ({ ...drive, verdict })));
      return EXIT.ok;
    }
    if (judged.length === 0) {
      ctx.stdout.write('No drives found. Plug in a USB stick or SD card (use --all to include virtual drives).\n');
      return EXIT.ok;
    }
    const rows = [['DEVICE', 'SIZE', 'BUS', 'DESCRIPTION', 'STATUS'], ...judged.map((j) => row(j.drive, j.verdict))];
    const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
    for (const r of rows) ctx.stdout.write(`${r.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()}\n`);
    return EXIT.ok;
  },
};
