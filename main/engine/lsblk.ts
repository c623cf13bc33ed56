// lsblk's view of the block devices: its mount list (merged with the kernel's, never instead of
// it), the file system type and label udev probed (ZFS pool members), and serial number and WWN
// for the drive's identity. lsblk runs in this process's mount namespace. Parsing is pure.

import { execFile } from 'node:child_process';

export interface LsblkDevice {
  name: string;
  /** "major:minor". */
  devNumber: string | null;
  type: string | null;
  /** Kernel name of the parent (a partition's disk, a device-mapper volume's first slave). */
  parent: string | null;
  mountpoints: string[];
  fstype: string | null;
  label: string | null;
  serial: string | null;
  wwn: string | null;
}

const COLUMNS = 'NAME,MAJ:MIN,TYPE,PKNAME,FSTYPE,LABEL,SERIAL,WWN';

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** lsblk -J -l output (util-linux ≥ 2.37 "mountpoints" lists, or the older single "mountpoint"). */
export function parseLsblk(json: string): LsblkDevice[] {
  const parsed = JSON.parse(json) as { blockdevices?: unknown };
  if (!Array.isArray(parsed.blockdevices)) return [];
  const byName = new Map<string, LsblkDevice>();
  for (const raw of parsed.blockdevices as Record<string, unknown>[]) {
    const name = text(raw.name);
    if (!name) continue;
    const listed = Array.isArray(raw.mountpoints) ? (raw.mountpoints as unknown[]) : [raw.mountpoint];
    const mountpoints = listed.map(text).filter((m): m is string => m !== null);
    const seen = byName.get(name);
    if (seen) {
      // A device under several parents (RAID, LVM over two disks) is listed once per parent.
      for (const m of mountpoints) if (!seen.mountpoints.includes(m)) seen.mountpoints.push(m);
      continue;
    }
    byName.set(name, {
      name,
      devNumber: text(raw['maj:min']),
      type: text(raw.type),
      parent: text(raw.pkname),
      mountpoints,
      fstype: text(raw.fstype),
      label: text(raw.label),
      serial: text(raw.serial),
      wwn: text(raw.wwn),
    });
  }
  return [...byName.values()];
}

function run(columns: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('lsblk', ['-J', '-b', '-l', '-o', columns], { timeout: 5000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(new Error(`lsblk failed: ${error.message}`));
      else resolve(stdout);
    });
  });
}

/** Every block device lsblk knows, or null when lsblk cannot be run (it only adds to the kernel's facts). */
export async function readLsblk(): Promise<LsblkDevice[] | null> {
  if (process.platform !== 'linux') return null;
  try {
    return parseLsblk(await run(`${COLUMNS},MOUNTPOINTS`));
  } catch {
    // util-linux before 2.37 has no MOUNTPOINTS column.
    try {
      return parseLsblk(await run(`${COLUMNS},MOUNTPOINT`));
    } catch {
      return null;
    }
  }
}
