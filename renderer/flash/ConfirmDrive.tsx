import { useId } from 'react';
import type { DriveView } from '../../app/ipc-contract.js';
import { driveName } from '../store/drives-slice.js';
import { needsAcknowledgement } from '../store/drive-selection.js';
import { messages } from '../messages.js';
import { findingText } from '../drive/finding-text.js';
import { volumeNames } from '../drive/volume-names.js';

export interface ConfirmDriveProps {
  drive: DriveView;
  acknowledged: boolean;
  onAcknowledge: (value: boolean) => void;
}

export function ConfirmDrive({ drive, acknowledged, onAcknowledge }: ConfirmDriveProps) {
  const ackId = useId();
  const volumes = volumeNames(drive);
  const warnings = drive.verdict.findings.filter((finding) => finding.severity === 'warning');
  const f = messages.flash;
  const name = driveName(drive);
  return (
    <li className="confirm-drive" data-device={drive.device}>
      <strong className="confirm-drive-name">{name}</strong> <span className="drive-facts">{drive.device}</span>
      <p className="confirm-volumes">{volumes.length > 0 ? f.confirmVolumes(volumes.join(', ')) : f.confirmNoVolumes}</p>
      {warnings.length > 0 ? (
        <ul className="warning-list">
          {warnings.map((w) => (
            <li key={w.code}>{findingText(drive.device, w)}</li>
          ))}
        </ul>
      ) : null}
      {needsAcknowledgement(drive) ? (
        <div className="acknowledge">
          <input id={ackId} type="checkbox" checked={acknowledged} onChange={(event) => onAcknowledge(event.target.checked)} />
          <label htmlFor={ackId}>{f.acknowledgeLarge(name)}</label>
        </div>
      ) : null}
    </li>
  );
}
