// One target of a job: its drive, its open device, where it got to, and how it failed.

import type { Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import type { TargetProgress, TargetResult, TargetState } from '../../app/progress.js';
import type { BlockTarget } from './block-target.js';

export class JobTarget {
  state: TargetState = 'pending';
  bytes = 0;
  error: ImprintError | null = null;
  device: BlockTarget | null = null;
  writeStarted = false;
  writeComplete = false;
  verified = false;
  writeSeconds = 0;

  constructor(readonly drive: Drive) {}

  get alive(): boolean {
    return this.error === null && this.device !== null;
  }

  fail(error: unknown): void {
    if (this.error) return;
    this.error = error instanceof ImprintError ? error : new ImprintError('E_INTERNAL', { device: this.drive.device, detail: String(error) });
    this.state = this.error.code === 'E_CANCELLED' ? 'cancelled' : 'failed';
  }

  progress(): TargetProgress {
    const p: TargetProgress = { device: this.drive.device, state: this.state, bytes: this.bytes };
    if (this.error) p.error = this.error.toData();
    return p;
  }

  result(imageSize: number): TargetResult {
    const r: TargetResult = {
      device: this.drive.device,
      ok: this.error === null && this.writeComplete,
      written: this.writeComplete,
      verified: this.verified,
      bytesWritten: this.writeComplete ? imageSize : this.bytes,
      writeSpeed: this.writeComplete && this.writeSeconds > 0 ? imageSize / this.writeSeconds : null,
    };
    if (this.error) r.error = this.error.toData();
    return r;
  }
}
