import { windowMessage } from '../../app/errors.js';
import type { ImageWarning } from '../../app/inspect/image-info.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';

const NO_WARNINGS: ImageWarning[] = [];

/** Inspection warnings in plain words (their text comes from app/inspect/verdict.ts). */
export function ImageWarnings() {
  const warnings = useAppStore((s) => s.image?.info?.warnings ?? NO_WARNINGS);
  const inspectError = useAppStore((s) => s.image?.inspectError ?? null);
  if (warnings.length === 0 && inspectError === null) return null;
  return (
    <div className="image-warnings">
      <h4 className="subheading">{messages.image.warningsHeading}</h4>
      <ul className="warning-list">
        {inspectError ? (
          <li>
            {messages.image.inspectFailed} {windowMessage(inspectError)}
          </li>
        ) : null}
        {warnings.map((w) => (
          <li key={w.code} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
