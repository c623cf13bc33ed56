import { describe, expect, it } from 'vitest';
import type { Progress } from '../../app/progress.js';
import { ProgressMeter } from './progress-meter.js';

describe('ProgressMeter', () => {
  it('emits at most once per interval, always on phase changes, with speed and ETA', () => {
    let now = 0;
    const events: Progress[] = [];
    const meter = new ProgressMeter((p) => events.push(p), () => [], 250, 3000, () => now);
    meter.startPhase('writing', 100e6);
    for (let i = 1; i <= 100; i += 1) {
      now = i * 10; // 100 updates over one second
      meter.update(i * 100_000);
    }
    // phase start + one per 250 ms
    expect(events.length).toBe(1 + 4);
    const last = meter.snapshot();
    expect(last.speed).toBeCloseTo(10e6, -3); // 10 MB in 1 s
    expect(last.eta).toBeCloseTo(9, 0);
    meter.startPhase('verifying', 100e6);
    expect(events.at(-1)).toMatchObject({ phase: 'verifying', bytes: 0, eta: null });
  });
});
