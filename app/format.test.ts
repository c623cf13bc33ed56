import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from './format.js';

describe('format', () => {
  it('formats sizes in decimal units as drives are labelled', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(16_008_609_792)).toBe('16.0 GB');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(-1)).toBe('?');
  });

  it('formats speeds, durations and percentages', () => {
    expect(formatSpeed(38_200_000)).toBe('38.2 MB/s');
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(5, 0)).toBe('0%');
    expect(formatPercent(7, 5)).toBe('100%');
  });
});
