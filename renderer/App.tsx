import { useCallback } from 'react';
import { messages } from './messages.js';
import { useAppStore } from './store/use-app-store.js';
import { useFileDrop } from './common/use-file-drop.js';
import { LiveRegion } from './common/LiveRegion.js';
import { ImageStep } from './image/ImageStep.js';
import { DriveStep } from './drive/DriveStep.js';
import { FlashStep } from './flash/FlashStep.js';
import { ProgressView } from './flash/ProgressView.js';
import { ResultView } from './result/ResultView.js';
import { VerifyStep } from './verify/VerifyStep.js';
import { VerifyResult } from './verify/VerifyResult.js';
import { ModeSwitch } from './verify/ModeSwitch.js';
import { SettingsDialog } from './settings/SettingsDialog.js';

/** Choosing (image, drive, go), a job running, or its result: one of them fills the window. */
function Main() {
  const status = useAppStore((s) => s.jobStatus);
  const mode = useAppStore((s) => s.mode);
  const kind = useAppStore((s) => s.job?.kind ?? mode);
  if (status === 'starting' || status === 'running' || status === 'cancelling') return <ProgressView />;
  if (status === 'done') return kind === 'flash' ? <ResultView /> : <VerifyResult />;
  return (
    <div className="steps">
      <ImageStep />
      <DriveStep />
      {mode === 'flash' ? <FlashStep /> : <VerifyStep />}
    </div>
  );
}

export function App() {
  const idle = useAppStore((s) => s.jobStatus === 'idle');
  const settingsOpen = useAppStore((s) => s.settingsOpen);
  const setSettingsOpen = useAppStore((s) => s.setSettingsOpen);
  const openDroppedFile = useAppStore((s) => s.openDroppedFile);
  const dragging = useFileDrop(
    idle,
    useCallback((file: File) => void openDroppedFile(file), [openDroppedFile]),
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">{messages.app.title}</h1>
        {idle ? <ModeSwitch /> : null}
        <button type="button" className="button" onClick={() => setSettingsOpen(true)}>
          {messages.app.settings}
        </button>
      </header>
      <main className="app-main">
        <Main />
      </main>
      <LiveRegion />
      {settingsOpen ? <SettingsDialog /> : null}
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <p>{messages.app.dropOverlay}</p>
        </div>
      ) : null}
    </div>
  );
}
