import { describe, expect, it } from 'vitest';
import { judgeDrive, LARGE_DRIVE_BYTES, systemDriveEvidence, type ImageFacts } from './drive-rules.js';
import type { Drive } from './drive.js';
import { usbStick } from '../main/test-support/drive-fixture.js';

const GB = 1e9;

const stick = (overrides: Partial<Drive> = {}): Drive => usbStick(overrides);

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
  it.each([
    '/',
    '/boot',
    '/boot/efi',
    '/boot/firmware',
    '/efi',
    '/recovery',
    '/usr',
    '/var',
    '/home',
    '/opt',
    '/srv',
    '/nix/store',
    '/cdrom',
    '/run/live/medium',
    '/run/initramfs/live',
    '/System/Volumes/Data',
    '/System/Volumes/Preboot',
  ])('treats a drive with %s mounted as a system drive', (path) => {
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

describe('mounts decide, not the bus', () => {
  it.each(['/', '/boot/firmware', '/efi'])('refuses a removable USB drive with %s mounted, though the OS does not call it a system drive', (path) => {
    const usbRoot = stick({ isRemovable: true, isUSB: true, busType: 'USB', isSystemReported: false, mountpoints: [{ path, device: '/dev/sdb2', label: null }] });
    const verdict = judgeDrive(usbRoot, iso, strict);
    expect(verdict.status).toBe('refused');
    expect(verdict.findings.map((f) => f.code)).toEqual(['SYSTEM_DRIVE']);
    expect(judgeDrive(usbRoot, null, strict).status).toBe('refused');
  });

  it('refuses every drive while a system mount cannot be traced to a disk, unless overridden', () => {
    const any = stick({ untracedSystemMounts: ['/ [zfs rpool/ROOT/ubuntu]'] });
    const verdict = judgeDrive(any, iso, strict);
    expect(verdict.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(['refused:SYSTEM_DRIVE']);
    expect(verdict.findings[0]?.message).toContain('/ [zfs rpool/ROOT/ubuntu] cannot be traced to a disk');
    expect(codes(any, iso, { allowSystemDrive: true })).toEqual(['warning:SYSTEM_DRIVE']);
    expect(codes(stick({ untracedSystemMounts: [] }))).toEqual([]);
  });

  it('a scratch mount under /var/tmp or a home folder is a mounted volume, not a system mount', () => {
    for (const path of ['/var/tmp/imprint-test/mnt', '/home/u/usb', '/mnt', '/media/u/STICK', '/varx']) {
      expect(codes(stick({ mountpoints: [{ path, device: '/dev/sdb1', label: null }] }))).toEqual(['warning:MOUNTED']);
    }
  });
});

describe('devices that are not physical drives', () => {
  it.each(['/dev/dm-0', '/dev/mapper/cryptroot', '/dev/md127', '/dev/md/data', '/dev/nbd0', '/dev/zram0', '/dev/mmcblk0boot0'])(
    'refuses %s as not a physical drive',
    (device) => {
      const verdict = judgeDrive(stick({ device, id: device }), iso, strict);
      expect(verdict.findings.map((f) => f.code)).toEqual(['NOT_PHYSICAL']);
      expect(verdict.findings[0]?.message).toContain('is not a physical drive');
    },
  );

  it('refuses what sysfs found (a renamed node), and a partition of an md array', () => {
    expect(codes(stick({ device: '/dev/odd', notPhysical: 'a device-mapper volume: LVM, LUKS/dm-crypt or multipath' }))).toEqual([
      'refused:NOT_PHYSICAL',
    ]);
    expect(codes(stick({ device: '/dev/md0p1', kind: 'partition', parent: '/dev/md0' }))).toEqual(['refused:PARTITION', 'refused:NOT_PHYSICAL']);
    expect(codes(stick({ device: '/dev/loop4', isVirtual: true, backingFile: '/var/tmp/x.bin', backingFileIds: [] }), null)).toEqual([]);
  });
});

describe('the image file itself', () => {
  const facts: ImageFacts = { ...iso, path: '/home/u/img.xz', fileId: { dev: '254:0', ino: '1234' }, holderDisks: ['/dev/vda'] };
  const loopOf = (overrides: Partial<Drive>) => stick({ device: '/dev/loop5', id: '/dev/loop5', isVirtual: true, ...overrides });

  it('refuses a loop device showing the image under another name (hard link, bind mount): same device and inode', () => {
    const hardLink = loopOf({ backingFile: '/home/u/link.xz', backingFileIds: [{ dev: '254:0', ino: '1234' }] });
    expect(codes(hardLink, facts)).toEqual(['refused:SOURCE_DRIVE']);
    const other = loopOf({ backingFile: '/home/u/other.xz', backingFileIds: [{ dev: '254:0', ino: '99' }] });
    expect(codes(other, facts)).toEqual([]);
  });

  it('refuses a loop device whose backing file cannot be compared (deleted, unreadable)', () => {
    const unknown = loopOf({ backingFile: '/home/u/gone.xz (deleted)', backingFileIds: [] });
    expect(codes(unknown, facts)).toEqual(['refused:SOURCE_UNKNOWN']);
    expect(judgeDrive(unknown, facts, strict).findings[0]?.message).toContain('/home/u/gone.xz, since deleted, which cannot be compared');
  });

  it('refuses every drive when the drive holding the image could not be found, and says why', () => {
    const lost: ImageFacts = { ...facts, holderDisks: null, holderError: '/mnt/b/img.xz is on /mnt/b [fuse.bindfs /srv], which Imprint cannot trace to a disk' };
    const verdict = judgeDrive(stick(), lost, strict);
    expect(verdict.findings.map((f) => f.code)).toEqual(['SOURCE_UNKNOWN']);
    expect(verdict.findings[0]?.message).toContain('fuse.bindfs');
    expect(verdict.findings[0]?.message).toContain('Copy the image to a folder on a local disk');
    // Without an image (choosing a drive first) nothing is decided yet.
    expect(codes(stick(), null)).toEqual([]);
  });
});
