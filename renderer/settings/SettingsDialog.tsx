import { ErrorNotice } from '../common/ErrorNotice.js';
import { Dialog } from '../common/Dialog.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { SettingToggle } from './SettingToggle.js';

/** Each change is saved at once (main owns the settings); Escape or Close leaves. */
export function SettingsDialog() {
  const setSettingsOpen = useAppStore((s) => s.setSettingsOpen);
  const error = useAppStore((s) => s.settingsError);
  const t = messages.settings;
  const close = (): void => setSettingsOpen(false);
  return (
    <Dialog title={t.title} onCancel={close}>
      <div className="settings">
        <SettingToggle name="verify" label={t.verify} />
        <SettingToggle name="eject" label={t.eject} />
        <SettingToggle name="showVirtualDrives" label={t.showVirtual} />
        <SettingToggle name="showSystemDrives" label={t.showSystem} warning={t.showSystemWarning} />
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button--primary" onClick={close}>
          {t.close}
        </button>
      </div>
    </Dialog>
  );
}
