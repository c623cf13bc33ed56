import type { ImageInfo } from '../../app/inspect/image-info.js';
import { bootHeadline, TONE_ICON } from './boot-verdict.js';

export function BootVerdict({ info }: { info: ImageInfo | null }) {
  const { tone, text } = bootHeadline(info);
  return (
    <p className={`verdict verdict--${tone}`} data-testid="boot-verdict">
      <span className="verdict-icon" aria-hidden="true">
        {TONE_ICON[tone]}
      </span>
      <strong>{text}</strong>
    </p>
  );
}
