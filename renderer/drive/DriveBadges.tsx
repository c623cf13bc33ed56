import type { DriveView } from '../../app/ipc-contract.js';
import { messages } from '../messages.js';

/** One badge per safety finding: an icon and a word, so colour is never the only signal. */
export function DriveBadges({ id, drive }: { id: string; drive: DriveView }) {
  const d = messages.drive;
  return (
    <ul id={id} className="badges" aria-label={d.badgesLabel}>
      {drive.verdict.findings.map((f) => (
        <li key={f.code} className={`badge badge--${f.severity}`} data-code={f.code}>
          <span aria-hidden="true">{f.severity === 'refused' ? '✕ ' : '! '}</span>
          {d.badges[f.code]}
          <span className="visually-hidden"> ({f.severity === 'refused' ? d.severityRefused : d.severityWarning})</span>
        </li>
      ))}
      {drive.isVirtual ? <li className="badge badge--info">{d.virtual}</li> : null}
    </ul>
  );
}
