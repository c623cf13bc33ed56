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

function outcome(target: TargetResult | null, cancelled: boolean): { ok: boolean; text: string } {
  const r = messages.result;
  if (target === null) return { ok: false, text: r.failed };
  if (target.ok) return { ok: true, text: target.verified ? r.writtenVerified : r.writtenOnly };
  if (cancelled || target.error?.code === 'E_CANCELLED') return { ok: false, text: r.cancelled };
  return { ok: false, text: r.failed };
}

export function TargetResultRow({ drive, target, result }: TargetResultRowProps) {
  const { ok, text } = outcome(target, result.cancelled);
  const speed = target?.writeSpeed ? formatSpeed(target.writeSpeed) : null;
  return (
    <li className={`target target--${ok ? 'ok' : 'failed'}`} data-device={drive.device}>
      <span className="target-name">{driveName(drive)}</span> <span className="drive-facts">{drive.device}</span>
      <p className={`outcome outcome--${ok ? 'good' : 'bad'}`} data-testid="target-outcome">
        <span aria-hidden="true">{ok ? '✓ ' : '✕ '}</span>
        <strong>{text}</strong>
        {ok ? ` — ${messages.result.stats(formatBytes(result.size), formatDuration(result.seconds), speed)}` : ''}
      </p>
      {!ok && target?.error && target.error.code !== 'E_CANCELLED' ? <p className="error-message">{target.error.message}</p> : null}
    </li>
  );
}
