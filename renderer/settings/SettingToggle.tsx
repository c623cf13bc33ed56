import { useId } from 'react';
import type { Settings } from '../../app/ipc-contract.js';
import { useAppStore } from '../store/use-app-store.js';

export interface SettingToggleProps {
  name: keyof Settings;
  label: string;
  /** Shown under the box, and read with it. */
  warning?: string;
}

export function SettingToggle({ name, label, warning }: SettingToggleProps) {
  const value = useAppStore((s) => s.settings[name]);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const id = useId();
  return (
    <div className="setting">
      <input
        id={id}
        type="checkbox"
        checked={value}
        aria-describedby={warning ? `${id}-warning` : undefined}
        onChange={(event) => void updateSettings({ [name]: event.target.checked })}
      />
      <label htmlFor={id}>{label}</label>
      {warning ? (
        <p id={`${id}-warning`} className="setting-warning">
          <span aria-hidden="true">! </span>
          {warning}
        </p>
      ) : null}
    </div>
  );
}
