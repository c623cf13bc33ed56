import { useId } from 'react';
import { formatBytes } from '../../app/format.js';
import type { DriveView } from '../../app/ipc-contract.js';
import { messages } from '../messages.js';
import { blockingFindings, isSelectable } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';
import { DriveBadges } from './DriveBadges.js';
import { findingText } from './finding-text.js';
import { volumeNames } from './volume-names.js';

export function DriveItem({ drive }: { drive: DriveView }) {
  const mode = useAppStore((s) => s.mode);
  const selected = useAppStore((s) => s.selectedDriveIds.includes(drive.driveId));
  const toggleDrive = useAppStore((s) => s.toggleDrive);
  const id = useId();
  const selectable = isSelectable(drive, mode);
  const reasons = blockingFindings(drive, mode);
  const volumes = volumeNames(drive);
  const d = messages.drive;
  const size = drive.size === null ? d.unknownSize : formatBytes(drive.size);
  const describedBy = [`${id}-facts`, `${id}-badges`, reasons.length > 0 ? `${id}-why` : ''].filter(Boolean).join(' ');

  return (
    <li className={`drive${selectable ? '' : ' drive--refused'}${selected ? ' drive--selected' : ''}`} data-device={drive.device}>
      <input
        id={id}
        className="drive-input"
        type={mode === 'flash' ? 'checkbox' : 'radio'}
        name={mode === 'flash' ? undefined : 'verify-drive'}
        checked={selected}
        disabled={!selectable}
        aria-describedby={describedBy}
        onChange={() => toggleDrive(drive.driveId)}
      />
      <div className="drive-body">
        <label htmlFor={id} className="drive-name">
          {d.name(drive.description, size)}
        </label>
        <p id={`${id}-facts`} className="drive-facts">
          <span>{drive.device}</span> · <span>{drive.busType}</span> · <span>{volumes.length > 0 ? d.volumes(volumes.join(', ')) : d.noVolumes}</span>
        </p>
        <DriveBadges id={`${id}-badges`} drive={drive} />
        {reasons.length > 0 ? (
          <div id={`${id}-why`} className="drive-why">
            <span className="drive-why-label">{d.refusedWhy}</span>
            <ul>
              {reasons.map((f) => (
                <li key={f.code}>{findingText(drive.device, f)}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </li>
  );
}
