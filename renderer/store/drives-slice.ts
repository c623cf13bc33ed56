import type { ErrorData } from '../../app/errors.js';
import { formatBytes } from '../../app/format.js';
import type { DriveView, ImprintApi } from '../../app/ipc-contract.js';
import { settle } from '../bridge.js';
import { messages } from '../messages.js';
import { isDriveVisible, isSelectable, preselection, pruneSelection } from './drive-selection.js';
import type { SliceCreator } from './types.js';

export interface DrivesSlice {
  drives: DriveView[];
  drivesLoaded: boolean;
  drivesError: ErrorData | null;
  selectedDriveIds: string[];
  /** Once the user has chosen, the window stops preselecting for them. */
  selectionTouched: boolean;
  refreshDrives: () => Promise<void>;
  /** A new list from main (drives:changed, or an answer to drives:list). */
  drivesChanged: (drives: DriveView[]) => void;
  toggleDrive: (driveId: string) => void;
  clearSelection: () => void;
}

export function driveName(drive: DriveView): string {
  return messages.drive.name(drive.description, drive.size === null ? messages.drive.unknownSize : formatBytes(drive.size));
}

export const createDrivesSlice =
  (api: ImprintApi): SliceCreator<DrivesSlice> =>
  (set, get) => ({
    drives: [],
    drivesLoaded: false,
    drivesError: null,
    selectedDriveIds: [],
    selectionTouched: false,
    async refreshDrives() {
      const answer = await settle(api.listDrives());
      if (answer.ok) get().drivesChanged(answer.value);
      else set({ drivesError: answer.error, drivesLoaded: true });
    },
    drivesChanged(drives) {
      const state = get();
      const { settings, mode } = state;
      if (state.drivesLoaded) announceChanges(state.drives, drives, (d) => isDriveVisible(d, settings), state.announce);
      let selected = pruneSelection(state.selectedDriveIds, drives, settings, mode);
      if (selected.length === 0 && !state.selectionTouched) selected = preselection(drives, settings);
      set({ drives, drivesLoaded: true, drivesError: null, selectedDriveIds: selected });
    },
    toggleDrive(driveId) {
      const { drives, mode, selectedDriveIds } = get();
      const drive = drives.find((d) => d.driveId === driveId);
      if (!drive || !isSelectable(drive, mode)) return;
      const isSelected = selectedDriveIds.includes(driveId);
      const next =
        mode === 'verify' ? [driveId] : isSelected ? selectedDriveIds.filter((id) => id !== driveId) : [...selectedDriveIds, driveId];
      set({ selectedDriveIds: next, selectionTouched: true });
    },
    clearSelection() {
      const { drives, settings } = get();
      set({ selectedDriveIds: preselection(drives, settings), selectionTouched: false });
    },
  });

function announceChanges(before: DriveView[], after: DriveView[], visible: (d: DriveView) => boolean, announce: (text: string) => void): void {
  const had = new Set(before.map((d) => d.driveId));
  const has = new Set(after.map((d) => d.driveId));
  const said: string[] = [];
  for (const d of after) if (!had.has(d.driveId) && visible(d)) said.push(messages.drive.connected(driveName(d)));
  for (const d of before) if (!has.has(d.driveId) && visible(d)) said.push(messages.drive.removed(driveName(d)));
  if (said.length > 0) announce(said.join(' '));
}
