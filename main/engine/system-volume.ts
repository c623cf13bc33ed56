// macOS and Windows: the disks holding the running system (the disks under "/" and its Data
// volume; under %SystemDrive%) are system drives whatever drivelist reports, so an external boot
// disk on USB is one too. Found once per process (the boot disk does not change while the system
// runs); when it cannot be found, drivelist's report and the mount points still decide and a
// later scan tries again. Compile-reviewed: these paths only run on a Mac or a PC.

import type { Drive } from '../../app/drive.js';
import { darwinHolderDisks } from './holder-darwin.js';
import { windowsHolderDisks } from './holder-win32.js';

let bootDisks: string[] | null = null;
let lastTry = 0;
/** A failed lookup is tried again this much later, not on every scan (PowerShell takes seconds to start). */
const RETRY_MS = 60_000;

async function findBootDisks(): Promise<string[]> {
  if (process.platform === 'darwin') {
    const roots = await Promise.all(['/', '/System/Volumes/Data'].map((p) => darwinHolderDisks(p).catch(() => [])));
    return [...new Set(roots.flat())];
  }
  if (process.platform === 'win32') {
    const systemDrive = process.env.SystemDrive ?? 'C:';
    return windowsHolderDisks(`${systemDrive}\\`);
  }
  return [];
}

/** Drives that hold the running system, marked as reported system drives. */
export async function withBootVolumeFacts(drives: Drive[]): Promise<Drive[]> {
  if (bootDisks === null && Date.now() - lastTry > RETRY_MS) {
    lastTry = Date.now();
    const found = await findBootDisks().catch(() => []);
    if (found.length > 0) bootDisks = found;
  }
  const disks = bootDisks ?? [];
  return drives.map((d) => (disks.includes(d.device) ? { ...d, isSystemReported: true } : d));
}
