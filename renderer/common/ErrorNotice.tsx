import type { ErrorData } from '../../app/errors.js';

/** A failure as main reported it: its message already says what happened and what to do. */
export function ErrorNotice({ error }: { error: ErrorData }) {
  return (
    <p className="notice notice--error" role="alert">
      <span className="notice-icon" aria-hidden="true">
        ✕
      </span>
      {error.message}
    </p>
  );
}
