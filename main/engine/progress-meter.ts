// Speed, ETA and rate limiting for progress events: at most one every `intervalMs`, plus the
// events that must never be dropped (phase changes, the end of a phase).

import type { Phase, Progress, TargetProgress } from '../../app/progress.js';

interface Sample {
  time: number;
  bytes: number;
}

export class ProgressMeter {
  private samples: Sample[] = [];
  private lastEmit = 0;
  private phase: Phase = 'preparing';
  private bytes = 0;
  private total = 0;

  constructor(
    private readonly emit: (progress: Progress) => void,
    private readonly targets: () => TargetProgress[],
    private readonly intervalMs = 250,
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  startPhase(phase: Phase, total: number): void {
    this.phase = phase;
    this.total = total;
    this.bytes = 0;
    this.samples = [{ time: this.now(), bytes: 0 }];
    this.flush();
  }

  update(bytes: number): void {
    this.bytes = bytes;
    const time = this.now();
    this.samples.push({ time, bytes });
    while (this.samples.length > 2 && time - (this.samples[0]?.time ?? time) > this.windowMs) this.samples.shift();
    if (time - this.lastEmit >= this.intervalMs) this.flush();
  }

  /** Emits now, regardless of the rate limit. */
  flush(): void {
    this.lastEmit = this.now();
    this.emit(this.snapshot());
  }

  snapshot(): Progress {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = first && last ? (last.time - first.time) / 1000 : 0;
    const speed = first && last && seconds > 0 ? (last.bytes - first.bytes) / seconds : 0;
    const eta = speed > 0 ? Math.max(0, (this.total - this.bytes) / speed) : null;
    return { phase: this.phase, bytes: this.bytes, total: this.total, speed, eta, targets: this.targets() };
  }
}
