import { useShallow } from 'zustand/react/shallow';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';

/** Recently opened images; `inDisclosure` when a <summary> already names the list. */
export function RecentImages({ inDisclosure = false }: { inDisclosure?: boolean }) {
  const recent = useAppStore(useShallow((s) => s.recent));
  const openRecent = useAppStore((s) => s.openRecent);
  const busy = useAppStore((s) => s.imageBusy);
  if (recent.length === 0) return null;
  return (
    <nav className="recent" aria-label={messages.image.recentHeading}>
      {inDisclosure ? null : (
        <h3 className="subheading">
          {messages.image.recentHeading}
        </h3>
      )}
      <ul className="recent-list">
        {recent.map((r) => (
          <li key={r.recentId}>
            <button type="button" className="button button--link" disabled={busy} onClick={() => void openRecent(r.recentId)}>
              <span className="recent-name">{r.name}</span> <span className="recent-folder">{r.folder}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
