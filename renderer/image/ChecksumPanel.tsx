import { useId, useState } from 'react';
import { ErrorNotice } from '../common/ErrorNotice.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { ChecksumOutcome } from './ChecksumOutcome.js';

/** SHA-256 on request, a pasted expected value, or a sums file: match or mismatch, said plainly. */
export function ChecksumPanel() {
  const sidecar = useAppStore((s) => s.image?.checksumSidecar ?? null);
  const sha256 = useAppStore((s) => s.checksum.computed.sha256 ?? null);
  const busy = useAppStore((s) => s.checksum.busy);
  const invalid = useAppStore((s) => s.checksum.invalidInput);
  const error = useAppStore((s) => s.checksum.error);
  const showHash = useAppStore((s) => s.showHash);
  const compareChecksum = useAppStore((s) => s.compareChecksum);
  const checkSumsFile = useAppStore((s) => s.checkSumsFile);
  const [expected, setExpected] = useState('');
  const inputId = useId();
  const invalidId = useId();
  const c = messages.checksum;

  return (
    <section className="checksum" aria-labelledby={`${inputId}-heading`}>
      <h4 id={`${inputId}-heading`} className="subheading">
        {c.heading}
      </h4>
      {sidecar !== null ? <p className="hint">{c.sidecar(sidecar)}</p> : null}
      {sha256 === null ? (
        <button type="button" className="button" disabled={busy} onClick={() => void showHash()}>
          {c.show}
        </button>
      ) : (
        <p className="hash">
          <span className="hash-label">{c.computed('sha256')}</span>{' '}
          <code className="hash-value" data-testid="sha256">
            {sha256}
          </code>
        </p>
      )}
      <form
        className="checksum-form"
        onSubmit={(event) => {
          event.preventDefault();
          void compareChecksum(expected);
        }}
      >
        <label htmlFor={inputId}>{c.expectedLabel}</label>
        <div className="checksum-row">
          <input
            id={inputId}
            className="text-input"
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={expected}
            aria-invalid={invalid}
            aria-describedby={invalid ? invalidId : undefined}
            onChange={(event) => setExpected(event.target.value)}
          />
          <button type="submit" className="button" disabled={busy || expected.trim() === ''}>
            {c.compare}
          </button>
        </div>
        {invalid ? (
          <p id={invalidId} className="field-error">
            {c.invalid}
          </p>
        ) : null}
      </form>
      <button type="button" className="button button--link" disabled={busy} onClick={() => void checkSumsFile()}>
        {c.pickSums}
      </button>
      <div role="status" className="checksum-status">
        {busy ? <p className="hint">{c.hashing}</p> : <ChecksumOutcome />}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
