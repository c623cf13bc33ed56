// A drive as the engine scans it, for tests of the rules and of what the window shows: by default
// a 16 GB USB stick at /dev/sdb with nothing mounted and no identity.

import type { Drive } from '../../app/drive.js';

export function usbStick(overrides: Partial<Drive> = {}): Drive {
  const device = overrides.device ?? '/dev/sdb';
  return {
    id: device,
    device,
    kind: 'disk',
    parent: null,
    description: 'SanDisk Cruzer Blade',
    size: 16e9,
    logicalBlockSize: 512,
    physicalBlockSize: 512,
    busType: 'USB',
    isRemovable: true,
    isReadOnly: false,
    isVirtual: false,
    isSystemReported: false,
    isUSB: true,
    isCard: false,
    mountpoints: [],
    backingFile: null,
    identity: { mediaId: null, devNumber: null, serial: null, wwn: null },
    ...overrides,
  };
}
