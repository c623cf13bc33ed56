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

export interface TargetResult {
  device: string;
  ok: boolean;
  written: boolean;
  verified: boolean;
  bytesWritten: number;
  /** Average write speed, bytes per second. */
  writeSpeed: number | null;
  error?: ErrorData;
}

export interface JobResult {
  ok: boolean;
  cancelled: boolean;
  image: string;
  size: number;
  seconds: number;
  targets: TargetResult[];
}
