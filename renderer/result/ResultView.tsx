import { useEffect, useRef } from 'react';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { TargetResultRow } from './TargetResultRow.js';

/** Per drive: written and verified (with speed and time), or what failed and what to do next. */
export function ResultView() {
  const job = useAppStore((s) => s.job);
  const result = useAppStore((s) => s.result);
  const newJob = useAppStore((s) => s.newJob);
  const retryJob = useAppStore((s) => s.retryJob);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  if (job === null || result === null) return null;

  const r = messages.result;
  const failedCount = result.targets.filter((t) => !t.ok).length;
  const title = result.cancelled ? r.headingCancelled : result.ok ? r.headingOk : failedCount < result.targets.length ? r.headingPartial : r.headingFailed;

  return (
    <section className="result-view" aria-labelledby="result-heading">
      <h2 id="result-heading" ref={heading} tabIndex={-1} className={`result-title result-title--${result.ok ? 'good' : 'bad'}`}>
        <span aria-hidden="true">{result.ok ? '✓ ' : '✕ '}</span>
        {title}
      </h2>
      <ul className="target-list">
        {job.targets.map((drive, index) => (
          <TargetResultRow
            key={drive.driveId}
            drive={drive}
            target={result.targets.find((t) => t.device === drive.device) ?? result.targets[index] ?? null}
            result={result}
          />
        ))}
      </ul>
      {result.ok ? <p className="hint">{r.safeToRemove(job.eject && result.targets.every((t) => t.ejected !== false))}</p> : null}
      {!result.ok && !result.cancelled ? <p className="hint">{r.nextStep}</p> : null}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={newJob}>
          {r.flashAnother}
        </button>
        {!result.ok ? (
          <button type="button" className="button" onClick={() => void retryJob()}>
            {r.retry}
          </button>
        ) : null}
      </div>
    </section>
  );
}
