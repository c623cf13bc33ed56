import { describe, expect, it } from 'vitest';
import { judgeDrive, LARGE_DRIVE_BYTES, systemDriveEvidence, type ImageFacts } from './drive-rules.js';
import type { Drive } from './drive.js';

const GB = 1e9;

function stick(overrides: Partial<Drive> = {}): Drive {
  return {
    id: '/dev/sdb',
    device: '/dev/sdb',
    kind: 'disk',
    parent: null,
    description: 'SanDisk Cruzer Blade',
    size: 16 * GB,
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

const iso: ImageFacts = { path: '/home/u/ubuntu.iso', size: 5 * GB, sizeIsEstimate: false, holderDisks: ['/dev/nvme0n1'] };
const strict = { allowSystemDrive: false };

const codes = (drive: Drive, image: ImageFacts | null = iso, options = strict): string[] =>
  judgeDrive(drive, image, options).findings.map((f) => `${f.severity}:${f.code}`);

describe('judgeDrive', () => {
  it('accepts a removable stick large enough for the image', () => {
    expect(judgeDrive(stick(), iso, strict)).toEqual({ status: 'ok', findings: [] });
  });

  it('refuses a drive smaller than the image and says by how much', () => {
    const verdict = judgeDrive(stick({ size: 4 * GB }), iso, strict);
    expect(verdict.status).toBe('refused');
    expect(verdict.findings[0]?.code).toBe('TOO_SMALL');
    expect(verdict.findings[0]?.message).toContain('needs 5.00 GB, the drive has 4.00 GB');
  });

  it('accepts a drive exactly the size of the image', () => {
    expect(codes(stick({ size: 5 * GB }))).toEqual([]);
  });

  it('with an estimated size, refuses only when the lower bound exceeds the drive', () => {
    const estimate: ImageFacts = { ...iso, size: 6 * GB, sizeIsEstimate: true, minSize: 3 * GB };
    expect(codes(stick({ size: 4 * GB }), estimate)).toEqual([]);
    expect(codes(stick({ size: 2 * GB }), estimate)).toEqual(['refused:TOO_SMALL']);
  });

  it('refuses a partition and names its disk', () => {
    const verdict = judgeDrive(stick({ device: '/dev/sdb1', kind: 'partition', parent: '/dev/sdb' }), iso, strict);
    expect(verdict.findings[0]).toMatchObject({ code: 'PARTITION', severity: 'refused' });
    expect(verdict.findings[0]?.message).toContain('/dev/sdb');
  });

  it('refuses read-only drives', () => {
    expect(codes(stick({ isReadOnly: true }))).toEqual(['refused:READ_ONLY']);
  });

  it('refuses the drive that holds the image, also when a partition of it is named', () => {
    expect(codes(stick({ device: '/dev/nvme0n1', id: '/dev/nvme0n1' }))).toEqual(['refused:SOURCE_DRIVE']);
    const partition = stick({ device: '/dev/nvme0n1p2', kind: 'partition', parent: '/dev/nvme0n1' });
    expect(codes(partition)).toEqual(['refused:PARTITION', 'refused:SOURCE_DRIVE']);
  });

  it('refuses a loop device that shows the image file itself', () => {
    expect(codes(stick({ device: '/dev/loop3', backingFile: iso.path }))).toEqual(['refused:SOURCE_DRIVE']);
  });

  it('refuses system drives unless the expert override is on, and then still warns', () => {
    const root = stick({ mountpoints: [{ path: '/', device: '/dev/sdb2', label: null }] });
    expect(codes(root)).toEqual(['refused:SYSTEM_DRIVE']);
    expect(codes(root, iso, { allowSystemDrive: true })).toEqual(['warning:SYSTEM_DRIVE']);
  });

  it('asks for confirmation for large, fixed, or mounted drives', () => {
    const big = stick({ size: LARGE_DRIVE_BYTES + 1, isRemovable: false, mountpoints: [{ path: '/media/u/DATA', device: '/dev/sdb1', label: 'DATA' }] });
    const verdict = judgeDrive(big, iso, strict);
    expect(verdict.status).toBe('warning');
    expect(verdict.findings.map((f) => f.code)).toEqual(['LARGE_DRIVE', 'NOT_REMOVABLE', 'MOUNTED']);
    expect(verdict.findings[2]?.message).toContain('/media/u/DATA');
  });

  it('refuses a card reader with no card (no size) once an image is chosen', () => {
    expect(codes(stick({ size: null }))).toEqual(['refused:SIZE_UNKNOWN']);
    expect(codes(stick({ size: null }), null)).toEqual([]);
  });
});

describe('systemDriveEvidence', () => {
  it.each(['/', '/boot', '/boot/efi', '/usr', '/var', '/home'])('treats a drive with %s mounted as a system drive', (path) => {
    const evidence = systemDriveEvidence(stick({ mountpoints: [{ path, device: '/dev/sdb1', label: null }] }));
    expect(evidence).toEqual({ isSystem: true, reason: `/dev/sdb1 is mounted at ${path}` });
  });

  it('treats active swap as a system drive', () => {
    expect(systemDriveEvidence(stick({ mountpoints: [{ path: '[SWAP]', device: '/dev/sdb3', label: null }] })).isSystem).toBe(true);
  });

  it('trusts the OS report, and does not mistake a data mount for a system one', () => {
    expect(systemDriveEvidence(stick({ isSystemReported: true })).isSystem).toBe(true);
    expect(systemDriveEvidence(stick({ mountpoints: [{ path: '/home2', device: '/dev/sdb1', label: null }] })).isSystem).toBe(false);
  });
});
