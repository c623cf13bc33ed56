import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../common/Dialog.js';
import { bootHeadline, TONE_ICON } from '../image/boot-verdict.js';
import { messages } from '../messages.js';
import { needsAcknowledgement } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';
import { ConfirmDrive } from './ConfirmDrive.js';

/**
 * Names exactly what will be erased. Focus starts on Cancel, so Enter alone never erases; drives
 * that are large or not removable need their own tick before the erase button works.
 */
export function ConfirmDialog() {
  const imageName = useAppStore((s) => s.image?.name ?? '');
  const info = useAppStore((s) => s.image?.info ?? null);
  const targets = useAppStore(useShallow((s) => s.drives.filter((d) => s.selectedDriveIds.includes(d.driveId))));
  const setConfirmOpen = useAppStore((s) => s.setConfirmOpen);
  const startFlash = useAppStore((s) => s.startFlash);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const cancelRef = useRef<HTMLButtonElement>(null);
  const introId = useId();
  const f = messages.flash;
  // Writing an image that will not boot is allowed (data drives), but said once more here.
  const boot = bootHeadline(info);
  const pending = targets.filter((t) => needsAcknowledgement(t) && !acknowledged.has(t.driveId));

  const close = (): void => setConfirmOpen(false);
  const acknowledge = (driveId: string, value: boolean): void => {
    const next = new Set(acknowledged);
    if (value) next.add(driveId);
    else next.delete(driveId);
    setAcknowledged(next);
  };

  return (
    <Dialog title={f.confirmTitle} role="alertdialog" describedBy={introId} initialFocus={cancelRef} onCancel={close}>
      <p id={introId}>{f.confirmIntro(imageName)}</p>
      {boot.tone !== 'good' ? (
        <p className={`verdict verdict--${boot.tone}`}>
          <span className="verdict-icon" aria-hidden="true">
            {TONE_ICON[boot.tone]}
          </span>
          {boot.text}
        </p>
      ) : null}
      <ul className="confirm-drives">
        {targets.map((drive) => (
          <ConfirmDrive
            key={drive.driveId}
            drive={drive}
            acknowledged={acknowledged.has(drive.driveId)}
            onAcknowledge={(value) => acknowledge(drive.driveId, value)}
          />
        ))}
      </ul>
      <div className="dialog-actions">
        <button ref={cancelRef} type="button" className="button" onClick={close}>
          {f.confirmCancel}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={pending.length > 0 || targets.length === 0}
          onClick={() => {
            close();
            void startFlash();
          }}
        >
          {f.confirmErase(targets.length)}
        </button>
      </div>
    </Dialog>
  );
}
