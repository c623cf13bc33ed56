import { windowMessage, type ErrorData } from '../../app/errors.js';

/** A failure as main reported it, worded for the window from its code and facts: what happened, what to do. */
export function ErrorNotice({ error }: { error: ErrorData }) {
  return (
    <p className="notice notice--error" role="alert">
      <span className="notice-icon" aria-hidden="true">
        ✕
      </span>
      {windowMessage(error)}
    </p>
  );
}
