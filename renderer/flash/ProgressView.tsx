import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../../app/format.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { CancelDialog } from './CancelDialog.js';
import { TargetProgressRow } from './TargetProgressRow.js';

/** Phase, percent, speed and time left for the job, then one row per drive. */
export function ProgressView() {
  const job = useAppStore((s) => s.job);
  const status = useAppStore((s) => s.jobStatus);
  const progress = useAppStore((s) => s.progress);
  const targets = useAppStore(useShallow((s) => s.progress?.targets ?? []));
  const [confirmCancel, setConfirmCancel] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const p = messages.progress;

  useEffect(() => heading.current?.focus(), []);
  if (job === null) return null;

  const phase = p.phase[progress?.phase ?? 'preparing'];
  const bytes = progress?.bytes ?? 0;
  const total = progress?.total ?? 0;
  const percent = formatPercent(bytes, total);
  const cancelling = status === 'cancelling';

  return (
    <section className="progress-view" aria-labelledby="progress-heading">
      <h2 id="progress-heading" ref={heading} tabIndex={-1} className="step-title">
        {job.kind === 'flash' ? p.heading(job.imageName) : p.headingVerify(job.imageName)}
      </h2>
      <p className="phase" data-testid="phase">
        <strong>{phase}</strong> <span className="percent">{percent}</span>
      </p>
      <progress className="progress-bar" max={Math.max(total, 1)} value={bytes} aria-label={p.percentLabel(phase)} aria-valuetext={`${phase}: ${percent}`} />
      <dl className="facts facts--inline">
        <dt>{p.amount}</dt>
        <dd>{p.done(formatBytes(bytes), formatBytes(total))}</dd>
        <dt>{p.speed}</dt>
        <dd>{progress && progress.speed > 0 ? formatSpeed(progress.speed) : '–'}</dd>
        <dt>{p.eta}</dt>
        <dd>{progress?.eta != null ? formatDuration(progress.eta) : p.etaUnknown}</dd>
      </dl>
      <h3 className="subheading">{p.drivesHeading}</h3>
      <ul className="target-list">
        {job.targets.map((drive, index) => (
          <TargetProgressRow key={drive.driveId} drive={drive} target={targets.find((t) => t.device === drive.device) ?? targets[index] ?? null} total={total} kind={job.kind} />
        ))}
      </ul>
      <button type="button" className="button" disabled={cancelling || job.jobId === null} onClick={() => setConfirmCancel(true)}>
        {cancelling ? p.cancelling : p.cancel}
      </button>
      {confirmCancel ? <CancelDialog kind={job.kind} onClose={() => setConfirmCancel(false)} /> : null}
    </section>
  );
}
