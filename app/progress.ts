import type { ErrorData } from './errors.js';

export type Phase = 'preparing' | 'writing' | 'verifying' | 'finishing';

export type TargetState = 'pending' | 'writing' | 'verifying' | 'done' | 'verified' | 'failed' | 'cancelled';

export interface TargetProgress {
  device: string;
  state: TargetState;
  /** Bytes written (writing) or compared (verifying) on this target. */
  bytes: number;
  error?: ErrorData;
}

export interface Progress {
  phase: Phase;
  /** Bytes done in the current phase. */
  bytes: number;
  /** Bytes the current phase will process. */
  total: number;
  /** Bytes per second over a recent window. */
  speed: number;
  /** Seconds left in the current phase, or null when unknown. */
  eta: number | null;
  targets: TargetProgress[];
}

/**
 * How much of the image a drive received, as the engine knows it:
 * - nothing: the drive was not touched (its old contents are intact);
 * - partly: writing began, so the drive's first and last MiB were cleared and the image's own start
 *   (its partition table) was never committed: the drive looks empty and must be written again;
 * - all: the whole image was written and committed (verified or not: see `verified`).
 */
export type ImageWritten = 'nothing' | 'partly' | 'all';

export interface TargetResult {
  device: string;
  ok: boolean;
  /** The whole image was written (imageWritten === 'all'); kept for --json readers. */
  written: boolean;
  verified: boolean;
  bytesWritten: number;
  /** Average write speed, bytes per second. */
  writeSpeed: number | null;
  /**
   * What the drive holds now. Absent when the job never reached the engine (the writer could not
   * start, or vanished): then only the error says what is known.
   */
  imageWritten?: ImageWritten;
  /** Whether the drive was ejected after writing; absent when no eject was due (not asked, not written, a virtual drive). */
  ejected?: boolean;
  error?: ErrorData;
}

export interface JobResult {
  /** What was asked: write (and maybe verify) the drives, or only compare one. Absent from older writers. */
  kind?: 'flash' | 'verify';
  ok: boolean;
  cancelled: boolean;
  image: string;
  size: number;
  seconds: number;
  targets: TargetResult[];
}
