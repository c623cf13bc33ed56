import type { Mode } from './drive-selection.js';
import { pruneSelection } from './drive-selection.js';
import type { SliceCreator } from './types.js';

export interface Announcement {
  text: string;
  /** Grows with every announcement, so the same text said twice is announced twice. */
  serial: number;
}

export interface UiSlice {
  mode: Mode;
  settingsOpen: boolean;
  /** The erase confirmation is open (from "Write…", or "Try again" after a failure). */
  confirmOpen: boolean;
  /** Why the confirmation was closed without writing (another image arrived), shown by the Write step. */
  flashNotice: string | null;
  announcement: Announcement;
  /** Set when the setup view returns after a job, so the drive step takes the focus. */
  focusDrivesNext: boolean;
  drivesFocusTaken: () => void;
  setMode: (mode: Mode) => void;
  setSettingsOpen: (open: boolean) => void;
  setConfirmOpen: (open: boolean) => void;
  announce: (text: string) => void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  mode: 'flash',
  settingsOpen: false,
  confirmOpen: false,
  flashNotice: null,
  announcement: { text: '', serial: 0 },
  focusDrivesNext: false,
  drivesFocusTaken() {
    set({ focusDrivesNext: false });
  },
  setMode(mode) {
    const { selectedDriveIds, drives, settings } = get();
    set({ mode, selectedDriveIds: pruneSelection(selectedDriveIds, drives, settings, mode) });
  },
  setSettingsOpen(open) {
    set({ settingsOpen: open });
  },
  setConfirmOpen(open) {
    set(open ? { confirmOpen: true, flashNotice: null } : { confirmOpen: false });
  },
  announce(text) {
    set((s) => ({ announcement: { text, serial: s.announcement.serial + 1 } }));
  },
});
