// Windows: every disk's identity from one PowerShell call (Get-Disk). mediaId is the disk's
// UniqueId (from the device's identification data: for USB sticks the instance path with the
// serial, for SCSI/NVMe the EUI/NAA name), devNumber the N of \\.\PhysicalDriveN, serial the
// SerialNumber. The GPT Guid and MBR Signature are left out: they belong to the partition table,
// which every image written replaces (and which is the same on all sticks written from one image),
// so they would refuse the very stick just written when it is verified.
// Compile-reviewed: the parser is tested on sample output, the script only runs on Windows.

import { execFile } from 'node:child_process';
import type { DriveIdentity } from '../../app/drive.js';
import { IdentityCache } from './identity-cache.js';

const SCRIPT =
  "$ErrorActionPreference = 'Stop'; ConvertTo-Json -Compress -InputObject @(Get-Disk | Select-Object Number, SerialNumber, UniqueId)";

/** The disk number in a drivelist device path ("\\\\.\\PhysicalDrive2" → 2), or null. */
export function physicalDriveNumber(device: string): number | null {
  const m = /^\\\\\.\\PhysicalDrive(\d+)$/i.exec(device);
  return m?.[1] ? Number(m[1]) : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The script's JSON (an array, or one object from older PowerShell) → identity by disk number; throws on anything else. */
export function parseGetDisk(json: string): Map<number, DriveIdentity> {
  const parsed: unknown = JSON.parse(json.trim() || 'null');
  const rows: unknown[] = Array.isArray(parsed) ? parsed : parsed !== null && typeof parsed === 'object' ? [parsed] : [];
  if (rows.length === 0 && !Array.isArray(parsed)) throw new Error(`unexpected answer from Get-Disk: ${json.trim().slice(0, 200) || '(nothing)'}`);
  const found = new Map<number, DriveIdentity>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const fields = row as Record<string, unknown>;
    const number = fields.Number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) continue;
    found.set(number, { mediaId: text(fields.UniqueId), devNumber: String(number), serial: text(fields.SerialNumber), wwn: null });
  }
  return found;
}

function getDisk(): Promise<string> {
  const encoded = Buffer.from(SCRIPT, 'utf16le').toString('base64');
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
  return new Promise((resolve, reject) => {
    execFile('powershell.exe', args, { timeout: 10_000, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(new Error(error.message));
      else resolve(stdout);
    });
  });
}

async function queryWin32(devices: string[]): Promise<Map<string, DriveIdentity>> {
  const byNumber = parseGetDisk(await getDisk());
  const found = new Map<string, DriveIdentity>();
  for (const device of devices) {
    const number = physicalDriveNumber(device);
    const identity = number === null ? undefined : byNumber.get(number);
    if (identity) found.set(device, identity);
  }
  return found;
}

// PowerShell takes a second or more to start: asked at most every 5 s while the window scans.
const cache = new IdentityCache(queryWin32, 5000);

/** Identity of each \\.\PhysicalDriveN drivelist lists; `fresh` asks Get-Disk again. */
export function win32Identities(devices: string[], options: { fresh: boolean }): Promise<Map<string, DriveIdentity>> {
  return cache.identities(devices, options);
}
