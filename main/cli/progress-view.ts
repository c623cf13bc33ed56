// Live progress for humans: a redrawn bar on a terminal, one line per phase otherwise.

import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../../app/format.js';
import type { Phase, Progress } from '../../app/progress.js';
import type { CliContext } from './command.js';

const LABEL: Record<Phase, string> = {
  preparing: 'Preparing',
  writing: 'Writing',
  verifying: 'Verifying',
  finishing: 'Finishing',
};

export function progressLine(p: Progress, width = 24): string {
  const fraction = p.total > 0 ? Math.min(1, p.bytes / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const eta = p.eta === null ? '--:--' : formatDuration(p.eta);
  return `${LABEL[p.phase].padEnd(9)} [${bar}] ${formatPercent(p.bytes, p.total).padStart(4)}  ${formatBytes(p.bytes)} of ${formatBytes(p.total)}  ${formatSpeed(p.speed)}  ETA ${eta}`;
}

export function createProgressView(ctx: CliContext): { update(p: Progress): void; end(): void } {
  const tty = ctx.stderr.isTTY === true;
  let lastPhase: Phase | null = null;
  let drawn = false;
  return {
    update(p) {
      if (p.phase === 'preparing' || p.phase === 'finishing') {
        if (p.phase !== lastPhase && !tty) ctx.stderr.write(`${LABEL[p.phase]}…\n`);
        lastPhase = p.phase;
        return;
      }
      if (tty) {
        if (lastPhase !== p.phase && drawn) ctx.stderr.write('\n');
        ctx.stderr.write(`\r\x1b[2K${progressLine(p)}`);
        drawn = true;
      } else if (p.phase !== lastPhase) {
        ctx.stderr.write(`${LABEL[p.phase]} ${formatBytes(p.total)}…\n`);
      }
      lastPhase = p.phase;
    },
    end() {
      if (tty && drawn) ctx.stderr.write('\n');
      drawn = false;
    },
  };
}
