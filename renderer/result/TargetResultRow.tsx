import { windowMessage } from '../../app/errors.js';
import { formatBytes, formatDuration, formatSpeed } from '../../app/format.js';
import type { DriveView } from '../../app/ipc-contract.js';
import type { JobResult, TargetResult } from '../../app/progress.js';
import { messages } from '../messages.js';
import { driveName } from '../store/drives-slice.js';

export interface TargetResultRowProps {
  drive: DriveView;
  target: TargetResult | null;
  result: JobResult;
}

interface Outcome {
  ok: boolean;
  text: string;
  /** The error's own words for the window, when the outcome line does not already say it all. */
  detail: string | null;
}

/** What happened to one drive, in the engine's own terms: what it holds now (imageWritten), then why. */
function targetOutcome(target: TargetResult | null, cancelled: boolean): Outcome {
  const r = messages.result;
  if (target === null) return { ok: false, text: r.failed, detail: null };
  if (target.ok) return { ok: true, text: target.verified ? r.writtenVerified : r.writtenOnly, detail: null };
  const error = target.error ? windowMessage(target.error) : null;
  if (cancelled || target.error?.code === 'E_CANCELLED') {
    // Known state: said plainly. Unknown (the job ended before the engine ran): main's message says what it knows.
    return target.imageWritten ? { ok: false, text: r.cancelledState[target.imageWritten], detail: null } : { ok: false, text: r.cancelled, detail: error };
  }
  return { ok: false, text: target.imageWritten ? r.failedState[target.imageWritten] : r.failed, detail: error };
}

export function TargetResultRow({ drive, target, result }: TargetResultRowProps) {
  const { ok, text, detail } = targetOutcome(target, result.cancelled);
  const speed = target?.writeSpeed ? formatSpeed(target.writeSpeed) : null;
  return (
    <li className={`target target--${ok ? 'ok' : 'failed'}`} data-device={drive.device}>
      <span className="target-name">{driveName(drive)}</span> <span className="drive-facts">{drive.device}</span>
      <p className={`outcome outcome--${ok ? 'good' : 'bad'}`} data-testid="target-outcome">
        <span aria-hidden="true">{ok ? '✓ ' : '✕ '}</span>
        <strong>{text}</strong>
        {ok ? ` — ${messages.result.stats(formatBytes(result.size), formatDuration(result.seconds), speed)}` : ''}
      </p>
      {detail !== null ? <p className="error-message">{detail}</p> : null}
    </li>
  );
}
