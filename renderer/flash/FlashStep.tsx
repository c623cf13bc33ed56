import { useId } from 'react';
import { ErrorNotice } from '../common/ErrorNotice.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { ConfirmDialog } from './ConfirmDialog.js';

export function FlashStep() {
  const hasImage = useAppStore((s) => s.image !== null);
  const count = useAppStore((s) => s.selectedDriveIds.length);
  const verify = useAppStore((s) => s.settings.verify);
  const eject = useAppStore((s) => s.settings.eject);
  const jobError = useAppStore((s) => s.jobError);
  const confirmOpen = useAppStore((s) => s.confirmOpen);
  const notice = useAppStore((s) => s.flashNotice);
  const setConfirmOpen = useAppStore((s) => s.setConfirmOpen);
  const hintId = useId();
  const f = messages.flash;
  const blocker = !hasImage ? f.needImage : count === 0 ? f.needDrive : null;

  return (
    <section className="step" aria-labelledby="step-flash">
      <h2 id="step-flash" className="step-title">
        {messages.app.stepFlash}
      </h2>
      <p id={hintId} className="hint">
        {blocker ?? `${f.ready(count)} ${f.options(verify, eject)}`}
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        disabled={blocker !== null}
        aria-describedby={hintId}
        onClick={() => setConfirmOpen(true)}
      >
        {f.start}
      </button>
      {notice ? (
        // Already announced through the live region; shown here so it is not missed.
        <p className="notice notice--caution" data-testid="flash-notice">
          <span className="notice-icon" aria-hidden="true">
            !
          </span>
          {notice}
        </p>
      ) : null}
      {jobError ? <ErrorNotice error={jobError} /> : null}
      {confirmOpen && hasImage ? <ConfirmDialog /> : null}
    </section>
  );
}
