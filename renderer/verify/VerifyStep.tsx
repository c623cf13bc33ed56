import { useId } from 'react';
import { ErrorNotice } from '../common/ErrorNotice.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';

/** Checking a drive writes nothing, so it starts without a confirmation. */
export function VerifyStep() {
  const hasImage = useAppStore((s) => s.image !== null);
  const count = useAppStore((s) => s.selectedDriveIds.length);
  const jobError = useAppStore((s) => s.jobError);
  const startVerify = useAppStore((s) => s.startVerify);
  const hintId = useId();
  const blocker = !hasImage ? messages.flash.needImage : count === 0 ? messages.verify.needDrive : null;
  return (
    <section className="step" aria-labelledby="step-verify">
      <h2 id="step-verify" className="step-title">
        {messages.app.stepVerify}
      </h2>
      <p id={hintId} className="hint">
        {blocker ?? messages.verify.ready}
      </p>
      <button
        type="button"
        className="button button--primary button--large"
        disabled={blocker !== null}
        aria-describedby={hintId}
        onClick={() => void startVerify()}
      >
        {messages.verify.start}
      </button>
      {jobError ? <ErrorNotice error={jobError} /> : null}
    </section>
  );
}
