// What the fake main side knows: the machine as main would find it (image files, checksum files,
// drives), what the dialogs will pick, and main's own state (settings, recent images, the job).
// Tests read and change it; the fake answers from it the way the real service does
// (main/test-support/contract/ checks that it does).

import type { Drive } from '../../../app/drive.js';
import type { ImageFacts } from '../../../app/drive-rules.js';
import type { CurrentJob, DriveView, HashAlgorithm, ImageSummary, RecentImage, Settings } from '../../../app/ipc-contract.js';
import { DEFAULT_SETTINGS } from '../../../app/ipc-contract.js';
import { DOWNLOADS, imageFacts } from './fixtures.js';

/** An image file main can open. */
export interface FakeImage {
  /** How main summarises it. An imageId of '' gets a new id on every open, as main gives; a set one is kept (tests name it). */
  summary: ImageSummary;
  facts: ImageFacts;
  /** The file's digests; an algorithm not given has a fixed made-up digest. */
  digests: Partial<Record<HashAlgorithm, string>>;
}

export interface FakeState {
  settings: Settings;
  /** Drives as main lists them, with the verdicts a test gives (main's settings filter still applies). */
  drives: DriveView[];
  /** Drives as the engine scans them: main's opaque ids, judged by the real rules for the image opened. */
  disks: Drive[];
  /** Image files, by path. A summary given as chosenImage is one of them (in DOWNLOADS). */
  images: Record<string, FakeImage>;
  /** Checksum files, by path: the image file names they list, with their hex digests. */
  sumsFiles: Record<string, Record<string, string>>;
  /** Images opened before, most recent first (only those whose file still exists are offered). */
  recent: RecentImage[];
  /** What the open dialog picks: a summary (its image in DOWNLOADS), a path, or null (dismissed). */
  chosenImage: ImageSummary | string | null;
  /** What the checksum-file dialog picks: a path, or null (dismissed). */
  chosenSumsFile: string | null;
  /** Where a dropped file is (Electron's webUtils.getPathForFile), by its name; DOWNLOADS otherwise. */
  droppedPaths: Record<string, string>;
  /** The job main is running, as job:current answers it. */
  currentJob: CurrentJob | null;
  /** What each device holds, by the path of the image last written to it (what a verify compares). */
  written: Record<string, string>;
  /**
   * Who reports a job's progress and result: the test ('test', with fake.emit), or a stand-in for the
   * writer that reports them as the real one does, a moment after the job starts ('simulated').
   */
  writer: 'test' | 'simulated';
}

export function fakeImage(summary: ImageSummary, path = `${DOWNLOADS}/${summary.name}`, digests: FakeImage['digests'] = {}): FakeImage {
  return { summary, facts: imageFacts(summary, path), digests };
}

export function initialState(initial: Partial<FakeState>): FakeState {
  const state: FakeState = {
    settings: { ...DEFAULT_SETTINGS },
    drives: [],
    disks: [],
    images: {},
    sumsFiles: {},
    recent: [],
    chosenImage: null,
    chosenSumsFile: null,
    droppedPaths: {},
    currentJob: null,
    written: {},
    writer: 'test',
    ...initial,
  };
  const chosen = state.chosenImage;
  if (chosen !== null && typeof chosen !== 'string') state.images[`${DOWNLOADS}/${chosen.name}`] ??= fakeImage(chosen);
  return state;
}

/** The file name of a path, and its folder (main sends names and folders, never whole paths). */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const folderOf = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('/'), 1));
