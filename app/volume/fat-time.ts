// FAT directory timestamps (FAT specification, "Date and Time Formats"). FAT stores local time
// with no zone; Imprint writes the UTC fields of the given instant, so the bytes never depend on
// the zone of the machine that builds them (determinism matters more than the clock shown).

import { VolumeError } from './errors.js';

export interface FatTimestamp {
  /** Bits 15–9 year since 1980, 8–5 month, 4–0 day. */
  date: number;
  /** Bits 15–11 hours, 10–5 minutes, 4–0 seconds / 2. */
  time: number;
  /** Hundredths of a second past `time` (0–199): DIR_CrtTimeTenth, despite its name. */
  hundredths: number;
}

export function fatTimestamp(instant: Date): FatTimestamp {
  const ms = instant.getTime();
  const year = instant.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1980 || year > 2107) {
    throw new VolumeError({
      reason: 'bad-parameter',
      what: 'the timestamp',
      value: Number.isFinite(ms) ? instant.toISOString() : String(ms),
      why: 'FAT dates run from 1980 to 2107',
    });
  }
  const seconds = instant.getUTCSeconds();
  return {
    date: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | (seconds >> 1),
    hundredths: (seconds % 2) * 100 + Math.floor(instant.getUTCMilliseconds() / 10),
  };
}
