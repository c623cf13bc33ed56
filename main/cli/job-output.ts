// Runs an engine job with progress wired to the terminal or to JSON lines, and turns its result
// into a summary and an exit code.

import type { ErrorCode } from '../../app/errors.js';
import { formatBytes, formatDuration, formatSpeed } from '../../app/format.js';
import type { JobResult, Progress, TargetResult } from '../../app/progress.js';
import { EXIT, type CliContext } from './command.js';
import { exitCodeFor, printJson } from './output.js';
import { createProgressView } from './progress-view.js';

export function progressSink(ctx: CliContext, json: boolean): { onProgress: (p: Progress) => void; end: () => void } {
  if (json) return { onProgress: (p) => printJson(ctx, { type: 'progress', ...p }), end: () => undefined };
  const view = createProgressView(ctx);
  return { onProgress: (p) => view.update(p), end: () => view.end() };
}

export function jobExitCode(result: JobResult): number {
  if (result.ok) return EXIT.ok;
  const codes = result.targets.map((t) => t.error?.code).filter((c) => c !== undefined);
  if (codes.length > 0 && codes.every((c) => c === 'E_VERIFY_MISMATCH')) return EXIT.mismatch;
  if (codes.some((c) => c === 'E_VERIFY_MISMATCH')) return EXIT.mismatch;
  return codes.length > 0 ? Math.max(...codes.map((c) => (c === 'E_CANCELLED' ? EXIT.failed : exitCodeFor(c)))) : EXIT.failed;
}

export function reportResult(ctx: CliContext, result: JobResult, json: boolean, mode: 'flash' | 'verify'): number {
  const code = jobExitCode(result);
  if (json) {
    printJson(ctx, { type: 'result', ...result });
    return code;
  }
  for (const t of result.targets) {
    if (t.ok && mode === 'verify') {
      ctx.stdout.write(`${t.device}: matches the image (${formatBytes(result.size)} compared)\n`);
    } else if (t.ok) {
      const speed = t.writeSpeed === null ? '' : `, ${formatSpeed(t.writeSpeed)}`;
      const what = t.verified ? 'written and verified' : 'written (not verified)';
      ctx.stdout.write(`${t.device}: ${what} — ${formatBytes(result.size)} in ${formatDuration(result.seconds)}${speed}\n`);
    } else {
      ctx.stderr.write(`${t.device}: ${t.error?.message ?? 'failed'}\n`);
      // The engine's own state of the drive, unless the message already says it.
      const state = t.error && STATE_IN_MESSAGE.has(t.error.code) ? null : writtenState(t);
      if (state) ctx.stderr.write(`${t.device}: ${state}\n`);
    }
    if (t.ejected === false) ctx.stderr.write(`${t.device}: could not be ejected; eject it before you unplug it.\n`);
  }
  return code;
}

/** Their messages already say what the drive holds (a cancel's detail, a mismatch's cleared table). */
const STATE_IN_MESSAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['E_CANCELLED', 'E_CHECKSUM_MISMATCH']);

/** What a failed drive holds, when that is worth saying next to the error. */
function writtenState(t: TargetResult): string | null {
  if (t.imageWritten === 'partly') return 'the drive holds an incomplete image and its partition table was cleared; flash it again before use.';
  return null;
}
