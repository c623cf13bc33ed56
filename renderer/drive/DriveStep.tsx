import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNotice } from '../common/ErrorNotice.js';
import { messages } from '../messages.js';
import { visibleDrives } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';
import { DriveList } from './DriveList.js';

export function DriveStep() {
  const loaded = useAppStore((s) => s.drivesLoaded);
  const error = useAppStore((s) => s.drivesError);
  // Main lists only the drives the settings show (main/service/drive-watch.ts); filtering here too
  // covers the moment between a settings change and the new list, so there is no "hidden" count to show.
  const shown = useAppStore(useShallow((s) => visibleDrives(s.drives, s.settings)));
  const selectedCount = useAppStore((s) => s.selectedDriveIds.length);
  const focusRequested = useAppStore((s) => s.focusDrivesNext);
  const focusTaken = useAppStore((s) => s.drivesFocusTaken);
  const heading = useRef<HTMLHeadingElement>(null);
  // Back from a result ("Write another drive", "Try again"): the keyboard continues at the drives.
  useEffect(() => {
    if (!focusRequested) return;
    heading.current?.focus();
    focusTaken();
  }, [focusRequested, focusTaken]);
  const d = messages.drive;

  return (
    <section className="step" aria-labelledby="step-drive">
      <h2 id="step-drive" ref={heading} tabIndex={-1} className="step-title">
        {messages.app.stepDrive}
      </h2>
      {!loaded ? <p className="hint">{d.loading}</p> : null}
      {loaded && shown.length === 0 ? <p className="empty">{d.none}</p> : null}
      {shown.length > 0 ? <DriveList drives={shown} /> : null}
      {shown.length > 0 ? <p className="hint">{d.selectedCount(selectedCount)}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
