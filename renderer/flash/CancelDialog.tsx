import { useId, useRef } from 'react';
import { Dialog } from '../common/Dialog.js';
import { messages } from '../messages.js';
import type { Mode } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';

/** Stopping mid-write leaves a drive unusable, so it is asked, saying what stopping now leaves; "Keep going" has the focus. */
export function CancelDialog({ kind, onClose }: { kind: Mode; onClose: () => void }) {
  const cancelJob = useAppStore((s) => s.cancelJob);
  // What stopping leaves on the drives depends on how far the job got (engine/flash.ts).
  const phase = useAppStore((s) => s.progress?.phase ?? null);
  const keep = useRef<HTMLButtonElement>(null);
  const bodyId = useId();
  const p = messages.progress;
  return (
    <Dialog title={kind === 'flash' ? p.cancelTitle : p.cancelTitleVerify} role="alertdialog" describedBy={bodyId} initialFocus={keep} onCancel={onClose}>
      <p id={bodyId}>{kind === 'flash' ? p.cancelBody(phase) : p.cancelBodyVerify}</p>
      <div className="dialog-actions">
        <button ref={keep} type="button" className="button" onClick={onClose}>
          {p.cancelKeep}
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            onClose();
            void cancelJob();
          }}
        >
          {p.cancelConfirm}
        </button>
      </div>
    </Dialog>
  );
}
