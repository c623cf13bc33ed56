import { describe, expect, it } from 'vitest';
import { notPhysicalByName, notPhysicalByPath, notPhysicalBySysfs } from './block-kind.js';

describe('devices that are not physical drives', () => {
  it.each([
    ['dm-0', 'device-mapper'],
    ['md127', 'md software RAID'],
    ['md0p1', 'md software RAID'],
    ['md_d0', 'md software RAID'],
    ['bcache0', 'bcache'],
    ['zd16', 'ZFS volume'],
    ['nbd0', 'network block device'],
    ['nbd3p1', 'network block device'],
    ['drbd1', 'DRBD'],
    ['rbd0', 'Ceph'],
    ['zram0', 'compressed RAM'],
    ['ram0', 'RAM disk'],
    ['mmcblk0boot0', 'boot area of the eMMC'],
    ['mmcblk0rpmb', 'replay-protected'],
    ['mtdblock2', 'raw flash'],
  ])('%s is %s', (name, what) => {
    expect(notPhysicalByName(name)).toContain(what);
  });

  it.each(['sda', 'sdb1', 'nvme0n1', 'nvme0n1p2', 'mmcblk0', 'mmcblk0p1', 'vda', 'xvda', 'loop0', 'loop12', 'sr0', 'hda'])(
    '%s is a drive (or a loop device, judged by its file)',
    (name) => {
      expect(notPhysicalByName(name)).toBeNull();
    },
  );

  it('classifies paths, including names that are not resolved symlinks', () => {
    expect(notPhysicalByPath('/dev/mapper/cryptroot')).toContain('device-mapper');
    expect(notPhysicalByPath('/dev/mapper/vg0-root')).toContain('device-mapper');
    expect(notPhysicalByPath('/dev/dm-3')).toContain('device-mapper');
    expect(notPhysicalByPath('/dev/md/home')).toContain('md software RAID');
    expect(notPhysicalByPath('/dev/md0')).toContain('md software RAID');
    expect(notPhysicalByPath('/dev/zvol/tank/vm')).toContain('ZFS volume');
    expect(notPhysicalByPath('/dev/nbd0')).toContain('network');
    expect(notPhysicalByPath('/dev/sdb')).toBeNull();
    expect(notPhysicalByPath('/dev/loop0')).toBeNull();
    expect(notPhysicalByPath('/dev/disk4')).toBeNull();
    expect(notPhysicalByPath('\\\\.\\PhysicalDrive2')).toBeNull();
    expect(notPhysicalByPath('/dev/mapper/')).toBeNull();
  });

  it('judges from sysfs: the driver folder or slaves give a stacked device away, whatever its name', () => {
    // /sys/block/dm-0 on an LVM system: dm/ folder, slaves/sda3.
    const dm = { name: 'dm-0', entries: ['alignment_offset', 'dm', 'holders', 'slaves', 'size'], slaves: ['sda3'] };
    expect(notPhysicalBySysfs(dm)).toContain('device-mapper');
    // A device node renamed by a udev rule still has its driver's folder.
    expect(notPhysicalBySysfs({ ...dm, name: 'cryptdata' })).toContain('device-mapper');
    expect(notPhysicalBySysfs({ name: 'array', entries: ['md', 'slaves'], slaves: ['sdb1', 'sdc1'] })).toContain('RAID');
    expect(notPhysicalBySysfs({ name: 'odd0', entries: ['slaves'], slaves: ['sdb', 'sdc'] })).toBe(
      'a virtual device built on /dev/sdb, /dev/sdc',
    );
    // /sys/block/sdb and /sys/block/loop0: no slaves.
    expect(notPhysicalBySysfs({ name: 'sdb', entries: ['device', 'holders', 'slaves', 'size'], slaves: [] })).toBeNull();
    expect(notPhysicalBySysfs({ name: 'loop0', entries: ['loop', 'holders', 'slaves'], slaves: [] })).toBeNull();
  });
});
