import { messages } from '../messages.js';
import type { ChecksumSource } from '../store/image-slice.js';
import { useAppStore } from '../store/use-app-store.js';

function sourceName(source: ChecksumSource, sidecar: string | null): string {
  const c = messages.checksum;
  if (source === 'pasted') return c.sourcePasted;
  if (source === 'sums-file') return c.sourceSumsFile;
  return c.sourceSidecar(sidecar ?? c.sourceSumsFile);
}

export function ChecksumOutcome() {
  const compared = useAppStore((s) => s.checksum.compared);
  const sidecar = useAppStore((s) => s.image?.checksumSidecar ?? null);
  // matches is null only when nothing was compared: a checksum file without the image's line is an
  // error from main (E_CHECKSUM_NOT_LISTED), shown by the checksum panel like any other.
  if (compared === null || compared.matches === null) return null;
  const c = messages.checksum;
  const source = sourceName(compared.source, sidecar);
  return compared.matches ? (
    <p className="outcome outcome--good" data-testid="checksum-outcome">
      <span aria-hidden="true">✓ </span>
      {c.match(source)}
    </p>
  ) : (
    <p className="outcome outcome--bad" data-testid="checksum-outcome">
      <span aria-hidden="true">✕ </span>
      {c.mismatch(source)}
    </p>
  );
}
