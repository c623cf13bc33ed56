import type { DriveView } from '../../app/ipc-contract.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { DriveItem } from './DriveItem.js';

/** Checkboxes when writing (several drives at once), radio buttons when checking one drive. */
export function DriveList({ drives }: { drives: DriveView[] }) {
  const mode = useAppStore((s) => s.mode);
  return (
    <fieldset className="drive-list">
      <legend className="visually-hidden">{mode === 'flash' ? messages.drive.legendFlash : messages.drive.legendVerify}</legend>
      <ul>
        {drives.map((drive) => (
          <DriveItem key={drive.driveId} drive={drive} />
        ))}
      </ul>
    </fieldset>
  );
}
