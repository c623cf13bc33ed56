import { windowMessage } from '../../app/errors.js';
import { formatPercent } from '../../app/format.js';
import type { DriveView } from '../../app/ipc-contract.js';
import type { TargetProgress } from '../../app/progress.js';
import { messages } from '../messages.js';
import type { Mode } from '../store/drive-selection.js';
import { driveName } from '../store/drives-slice.js';

export interface TargetProgressRowProps {
  drive: DriveView;
  target: TargetProgress | null;
  total: number;
  kind: Mode;
}

export function TargetProgressRow({ drive, target, total, kind }: TargetProgressRowProps) {
  const p = messages.progress;
  const state = target?.state ?? 'pending';
  const label = kind === 'verify' && state === 'verified' ? p.stateVerified : p.state[state];
  const active = state === 'writing' || state === 'verifying';
  return (
    <li className={`target target--${state}`} data-device={drive.device}>
      <span className="target-name">{driveName(drive)}</span> <span className="drive-facts">{drive.device}</span>
      <span className="target-state">
        {label}
        {active ? ` ${formatPercent(target?.bytes ?? 0, total)}` : ''}
      </span>
      {target?.error ? (
        <p className="field-error" role="alert">
          {windowMessage(target.error)}
        </p>
      ) : null}
    </li>
  );
}
