// The confirmation before erasing: it names exactly what will be erased.

import { createInterface } from 'node:readline/promises';
import type { Drive } from '../../app/drive.js';
import type { DriveVerdict } from '../../app/drive-rules.js';
import { formatBytes } from '../../app/format.js';
import type { CliContext } from './command.js';

export function describeDrive(drive: Drive): string {
  const size = drive.size === null ? 'size unknown' : formatBytes(drive.size);
  const bus = drive.isVirtual ? 'virtual' : drive.busType;
  return `${drive.device}  ${drive.description}  ${size}  ${bus}`;
}

export function erasureSummary(targets: { drive: Drive; verdict: DriveVerdict }[]): string {
  const lines = ['This will ERASE everything on:'];
  for (const { drive, verdict } of targets) {
    lines.push(`  ${describeDrive(drive)}`);
    const volumes = drive.mountpoints.filter((m) => m.path !== '[SWAP]');
    if (volumes.length > 0) lines.push(`    mounted: ${volumes.map((m) => (m.label ? `${m.label} (${m.path})` : m.path)).join(', ')}`);
    for (const f of verdict.findings) if (f.severity === 'warning') lines.push(`    warning: ${f.message}`);
  }
  return lines.join('\n');
}

/** Asks on the terminal; resolves true only for an explicit yes. */
export async function askToErase(ctx: CliContext, summary: string): Promise<boolean> {
  ctx.stderr.write(`${summary}\n`);
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: true });
  try {
    const answer = await rl.question('Continue? Type "yes" to erase: ', { signal: ctx.signal });
    return answer.trim().toLowerCase() === 'yes';
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
