import { useAppStore } from '../store/use-app-store.js';

/**
 * The window's one polite live region: drives plugged in or removed, images opened, phases of a
 * job and its result. A no-break space alternates so the same sentence twice is read twice.
 */
export function LiveRegion() {
  const text = useAppStore((s) => s.announcement.text);
  const serial = useAppStore((s) => s.announcement.serial);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
      {serial % 2 === 1 ? '\u00a0' : ''}
    </div>
  );
}
