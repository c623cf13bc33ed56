import { messages } from '../messages.js';
import type { Mode } from '../store/drive-selection.js';
import { useAppStore } from '../store/use-app-store.js';

const MODES: Mode[] = ['flash', 'verify'];

/** Write, or check a drive against an image: a radio group (arrow keys move between them). */
export function ModeSwitch() {
  const mode = useAppStore((s) => s.mode);
  const setMode = useAppStore((s) => s.setMode);
  return (
    <fieldset className="mode-switch">
      <legend className="visually-hidden">{messages.app.modeLabel}</legend>
      {MODES.map((m) => (
        <label key={m} className={`mode-option${mode === m ? ' mode-option--active' : ''}`}>
          <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
          {m === 'flash' ? messages.app.modeFlash : messages.app.modeVerify}
        </label>
      ))}
    </fieldset>
  );
}
