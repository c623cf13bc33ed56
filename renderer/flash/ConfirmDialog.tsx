import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { acknowledgementsNeeded, missingAcknowledgements, type AcknowledgementCode } from '../../app/acknowledgement.js';
import type { DriveView } from '../../app/ipc-contract.js';
import { Dialog } from '../common/Dialog.js';
import { bootHeadline, TONE_ICON } from '../image/boot-verdict.js';
import { messages } from '../messages.js';
import { needsAcknowledgement } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';
import { ConfirmDrive } from './ConfirmDrive.js';

/**
 * Names exactly what will be erased. Focus starts on Cancel, so Enter alone never erases; drives
 * that are large, not removable or virtual need their own tick before the erase button works, and
 * the request carries those ticks (main refuses a flash without them).
 */
export function ConfirmDialog() {
  const imageName = useAppStore((s) => s.image?.name ?? '');
  const imageId = useAppStore((s) => s.image?.imageId ?? null);
  // The image this confirmation is about; another arriving closes the dialog (image-slice), and
  // the request names this one, so main writes exactly what was shown.
  const [confirmedImageId] = useState(imageId);
  const info = useAppStore((s) => s.image?.info ?? null);
  const targets = useAppStore(useShallow((s) => s.drives.filter((d) => s.selectedDriveIds.includes(d.driveId))));
  const setConfirmOpen = useAppStore((s) => s.setConfirmOpen);
  const startFlash = useAppStore((s) => s.startFlash);
  // Per drive, the reasons shown when its tick was given: a reason appearing later unticks it.
  const [acknowledged, setAcknowledged] = useState<ReadonlyMap<string, AcknowledgementCode[]>>(new Map());
  const cancelRef = useRef<HTMLButtonElement>(null);
  const introId = useId();
  const f = messages.flash;
  // Writing an image that will not boot is allowed (data drives), but said once more here.
  const boot = bootHeadline(info);
  const isAcknowledged = (drive: DriveView): boolean => missingAcknowledgements(drive, acknowledged.get(drive.driveId)).length === 0;
  const pending = targets.filter((t) => !isAcknowledged(t));
  const unchanged = imageId !== null && imageId === confirmedImageId;

  const close = (): void => setConfirmOpen(false);
  const acknowledge = (drive: DriveView, value: boolean): void => {
    const next = new Map(acknowledged);
    if (value) next.set(drive.driveId, acknowledgementsNeeded(drive));
    else next.delete(drive.driveId);
    setAcknowledged(next);
  };
  const erase = (): void => {
    if (confirmedImageId === null) return;
    const driveIds = targets.map((t) => t.driveId);
    const given = targets.flatMap((t) => {
      const codes = acknowledged.get(t.driveId);
      return codes && codes.length > 0 ? [{ driveId: t.driveId, codes }] : [];
    });
    close();
    void startFlash({ imageId: confirmedImageId, driveIds, acknowledged: given });
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
            acknowledged={needsAcknowledgement(drive) && isAcknowledged(drive)}
            onAcknowledge={(value) => acknowledge(drive, value)}
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
          disabled={pending.length > 0 || targets.length === 0 || !unchanged}
          onClick={erase}
        >
          {f.confirmErase(targets.length)}
        </button>
      </div>
    </Dialog>
  );
}
