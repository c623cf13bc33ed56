// macOS and Windows: drive identities come from a tool (diskutil, PowerShell) that takes from tens
// of milliseconds to seconds, while the window re-scans every second. Identities are kept per
// device path and asked again only for a path not seen in the last scan or older than maxAgeMs; a
// path missing from a scan is forgotten, so a stick pulled and put back is always asked afresh.
// A failed or timed-out query gives unknown fields (kept as long as an answer would be, so a
// broken tool is not restarted every second). A fresh lookup (the writer and CLI re-checking a
// chosen drive) bypasses the cache: a stale identity there could hide a swap.

import { UNKNOWN_IDENTITY, type DriveIdentity } from '../../app/drive.js';

/** Asks the OS for the identity of each device path; paths it does not know may be left out. */
export type IdentityQuery = (devices: string[]) => Promise<Map<string, DriveIdentity>>;

interface Entry {
  identity: DriveIdentity;
  at: number;
}

export class IdentityCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly query: IdentityQuery,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The identity of every device (unknown fields where the OS had none). */
  async identities(devices: string[], options: { fresh: boolean }): Promise<Map<string, DriveIdentity>> {
    const time = this.now();
    for (const device of [...this.entries.keys()]) if (!devices.includes(device)) this.entries.delete(device);
    const ask = devices.filter((d) => {
      const entry = this.entries.get(d);
      return options.fresh || !entry || time - entry.at >= this.maxAgeMs;
    });
    if (ask.length > 0) {
      const answered = await this.query(ask).catch(() => new Map<string, DriveIdentity>());
      for (const device of ask) this.entries.set(device, { identity: answered.get(device) ?? UNKNOWN_IDENTITY, at: time });
    }
    return new Map(devices.map((d) => [d, this.entries.get(d)?.identity ?? UNKNOWN_IDENTITY]));
  }
}
