// macOS: a whole disk's identity from `diskutil info -plist /dev/diskN`. A whole disk has no media
// UUID (DiskUUID/VolumeUUID belong to partitions and volumes, and change when an image is written),
// so mediaId describes the hardware that presents the medium: its IOMedia name ("SanDisk Cruzer
// Media"), bus and device-tree path. That tells another model or port apart, not a second stick
// of the same model in the same port; the serial number, where diskutil reports one, does.
// Compile-reviewed: the parser is tested on sample output, diskutil only runs on a Mac.

import { execFile } from 'node:child_process';
import type { DriveIdentity } from '../../app/drive.js';
import { IdentityCache } from './identity-cache.js';
import { parsePlist, plistString } from './plist.js';

/** `diskutil info -plist /dev/diskN` of a whole disk → its identity; throws on output that is no plist. */
export function parseDarwinIdentity(xml: string): DriveIdentity {
  const info = parsePlist(xml);
  const field = (key: string): string | null => plistString(info, key)?.trim() || null;
  const parts = [field('BusProtocol'), field('IORegistryEntryName') ?? field('MediaName'), field('DeviceTreePath')];
  return {
    mediaId: parts.some((p) => p !== null) ? parts.map((p) => p ?? '').join('|') : null,
    devNumber: field('DeviceIdentifier'),
    serial: field('SerialNumber'),
    wwn: null,
  };
}

function diskutilInfo(device: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('diskutil', ['info', '-plist', device], { timeout: 5000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(new Error(error.message));
      else resolve(stdout);
    });
  });
}

async function queryDarwin(devices: string[]): Promise<Map<string, DriveIdentity>> {
  const found = new Map<string, DriveIdentity>();
  await Promise.all(
    devices.map(async (device) => {
      // One disk's failure leaves only that disk unknown.
      const identity = await diskutilInfo(device)
        .then(parseDarwinIdentity)
        .catch(() => null);
      if (identity) found.set(device, identity);
    }),
  );
  return found;
}

const cache = new IdentityCache(queryDarwin, 3000);

/** Identity of each whole disk (/dev/diskN) drivelist lists; `fresh` asks diskutil again for every one. */
export function darwinIdentities(devices: string[], options: { fresh: boolean }): Promise<Map<string, DriveIdentity>> {
  return cache.identities(devices, options);
}
