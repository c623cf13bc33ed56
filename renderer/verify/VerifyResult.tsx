import { useEffect, useRef } from 'react';
import { windowMessage } from '../../app/errors.js';
import { formatBytes, formatDuration } from '../../app/format.js';
import { messages } from '../messages.js';
import { driveName } from '../store/drives-slice.js';
import { useAppStore } from '../store/use-app-store.js';

/** Match, or the first difference (its offset is in main's message), or why it could not compare. */
export function VerifyResult() {
  const job = useAppStore((s) => s.job);
  const result = useAppStore((s) => s.result);
  const newJob = useAppStore((s) => s.newJob);
  const retryJob = useAppStore((s) => s.retryJob);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const drive = job?.targets[0];
  if (!job || !result || !drive) return null;

  const v = messages.verify;
  const target = result.targets[0];
  const title = result.cancelled ? messages.result.headingCancelled : result.ok ? v.match : v.mismatch;
  return (
    <section className="result-view" aria-labelledby="result-heading">
      <h2 id="result-heading" ref={heading} tabIndex={-1} className={`result-title result-title--${result.ok ? 'good' : 'bad'}`}>
        <span aria-hidden="true">{result.ok ? '✓ ' : '✕ '}</span>
        {title}
      </h2>
      <p>
        <span className="target-name">{driveName(drive)}</span> <span className="drive-facts">{drive.device}</span>
      </p>
      {result.ok ? <p data-testid="verify-outcome">{v.matchDetail(formatBytes(result.size), formatDuration(result.seconds))}</p> : null}
      {!result.ok && target?.error ? (
        <p className="error-message" data-testid="verify-outcome">
          {windowMessage(target.error)}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={newJob}>
          {v.again}
        </button>
        {!result.ok ? (
          <button type="button" className="button" onClick={() => void retryJob()}>
            {messages.result.retry}
          </button>
        ) : null}
      </div>
    </section>
  );
}
