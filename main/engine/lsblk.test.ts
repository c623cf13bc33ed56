import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseLosetupList } from './loop-backing.js';
import { parseLsblk, readLsblk } from './lsblk.js';

describe('parseLsblk', () => {
  it('reads util-linux 2.38 output (mountpoints lists), this machine\'s shape', () => {
    const json = `{
   "blockdevices": [
      {"name": "zram0", "maj:min": "253:0", "type": "disk", "pkname": null, "fstype": null, "label": null, "serial": null, "wwn": null, "mountpoints": [null]},
      {"name": "vda", "maj:min": "254:0", "type": "disk", "pkname": null, "fstype": null, "label": null, "serial": null, "wwn": null, "mountpoints": ["/"]}
   ]}`;
    expect(parseLsblk(json)).toEqual([
      { name: 'zram0', devNumber: '253:0', type: 'disk', parent: null, mountpoints: [], fstype: null, label: null, serial: null, wwn: null },
      { name: 'vda', devNumber: '254:0', type: 'disk', parent: null, mountpoints: ['/'], fstype: null, label: null, serial: null, wwn: null },
    ]);
  });

  it('keeps serial numbers, WWNs, ZFS member labels and merges a device listed under two parents', () => {
    const json = JSON.stringify({
      blockdevices: [
        { name: 'sda', 'maj:min': '8:0', type: 'disk', pkname: null, serial: ' S4EVNF0M123456 ', wwn: '0x5002538e40a1b2c3', mountpoints: [null] },
        { name: 'sda3', 'maj:min': '8:3', type: 'part', pkname: 'sda', fstype: 'zfs_member', label: 'rpool', mountpoints: [null] },
        { name: 'md0', 'maj:min': '9:0', type: 'raid1', pkname: 'sdb1', mountpoints: ['/srv'] },
        { name: 'md0', 'maj:min': '9:0', type: 'raid1', pkname: 'sdc1', mountpoints: ['/srv', '/srv/bind'] },
      ],
    });
    const devices = parseLsblk(json);
    expect(devices.find((d) => d.name === 'sda')).toMatchObject({ serial: 'S4EVNF0M123456', wwn: '0x5002538e40a1b2c3' });
    expect(devices.find((d) => d.name === 'sda3')).toMatchObject({ parent: 'sda', fstype: 'zfs_member', label: 'rpool' });
    expect(devices.filter((d) => d.name === 'md0')).toHaveLength(1);
    expect(devices.find((d) => d.name === 'md0')?.mountpoints).toEqual(['/srv', '/srv/bind']);
  });

  it('reads util-linux before 2.37 (a single mountpoint)', () => {
    const json = '{"blockdevices": [{"name": "sdb1", "maj:min": "8:17", "mountpoint": "/media/u/STICK"}, {"name": "sdb2", "mountpoint": null}]}';
    expect(parseLsblk(json).map((d) => d.mountpoints)).toEqual([['/media/u/STICK'], []]);
  });

  it('runs on this machine and lists the disk holding /', async () => {
    const devices = await readLsblk();
    expect(devices).not.toBeNull();
    const root = execFileSync('findmnt', ['-n', '-o', 'MAJ:MIN', '/'], { encoding: 'utf8' }).trim();
    expect(devices?.some((d) => d.devNumber === root && d.mountpoints.includes('/'))).toBe(true);
  });
});

describe('parseLosetupList', () => {
  it('reads the backing file identity losetup got from the kernel, and skips what it could not read', () => {
    const json = `{
   "loopdevices": [
      {"name": "/dev/loop0", "back-ino": 15343617, "back-maj:min": "     254:0  "},
      {"name": "/dev/loop1", "back-ino": null, "back-maj:min": null},
      {"name": "/dev/loop2", "back-ino": "42", "back-maj:min": "8:2"}
   ]}`;
    const ids = parseLosetupList(json);
    expect([...ids.entries()]).toEqual([
      ['loop0', { dev: '254:0', ino: '15343617' }],
      ['loop2', { dev: '8:2', ino: '42' }],
    ]);
    expect(parseLosetupList('{"loopdevices": []}').size).toBe(0);
  });
});
