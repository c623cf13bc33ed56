// Settings and recent images, kept as small JSON files in the app's data folder. A missing or
// damaged file gives the defaults; it is never a reason not to start.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, settingsPatch, type Settings } from '../../app/ipc-contract.js';

export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

export type SettingsPatch = { [K in keyof Settings]?: Settings[K] | undefined };

export function applySettingsPatch(base: Settings, patch: SettingsPatch): Settings {
  return {
    verify: patch.verify ?? base.verify,
    eject: patch.eject ?? base.eject,
    showVirtualDrives: patch.showVirtualDrives ?? base.showVirtualDrives,
    showSystemDrives: patch.showSystemDrives ?? base.showSystemDrives,
  };
}

export async function loadSettings(path: string | null): Promise<Settings> {
  if (!path) return { ...DEFAULT_SETTINGS };
  try {
    return applySettingsPatch(DEFAULT_SETTINGS, settingsPatch(await readJson(path)));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** The settings in use: read once at start, changed by patches, each change written back (with a file). */
export class SettingsStore {
  private constructor(
    private readonly file: string | null,
    private value: Settings,
  ) {}

  /** No file keeps them in memory only (tests). */
  static async open(file: string | null): Promise<SettingsStore> {
    return new SettingsStore(file, await loadSettings(file));
  }

  get current(): Settings {
    return this.value;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    this.value = applySettingsPatch(this.value, patch);
    if (this.file) await writeJson(this.file, this.value);
    return this.value;
  }
}
