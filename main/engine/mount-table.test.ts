import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitDevNumber } from './linux-block.js';
import { overlayLayers, parseMountInfo, parseMountInfoLine, parseSwaps, readMountTable, superOption } from './mount-table.js';

// Lines as the kernel prints them: this machine's root, a Raspberry Pi booted without an initramfs,
// Ubuntu's ZFS root, Fedora's btrfs subvolume, a FUSE mount, a stick with a space in its label.
const SAMPLE = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534',
  '22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/root rw',
  '25 1 0:26 / / rw,relatime shared:1 - zfs rpool/ROOT/ubuntu_k2j4f1 rw,xattr,posixacl,casesensitive',
  '60 25 0:52 / /boot rw,nodev,relatime shared:29 master:3 - zfs bpool/BOOT/ubuntu_k2j4f1 rw,xattr,posixacl',
  '63 1 0:33 /@home /home rw,relatime shared:2 - btrfs /dev/nvme0n1p3 rw,seclabel,compress=zstd:1,ssd,space_cache=v2,subvolid=256,subvol=/@home',
  '81 30 0:45 / /run/user/1000/doc rw,nosuid,nodev,relatime shared:470 - fuse.portal portal rw,user_id=1000,group_id=1000',
  '90 30 8:17 / /media/u/My\\040Stick rw,nosuid,nodev,relatime shared:500 - vfat /dev/sdb1 rw,fmask=0022,codepage=437',
].join('\n');

describe('mountinfo', () => {
  it('parses the device number, target, type, source and options of every line', () => {
    const entries = parseMountInfo(SAMPLE);
    expect(entries).toHaveLength(7);
    expect(entries[0]).toEqual({
      id: 27,
      major: 254,
      minor: 0,
      root: '/',
      target: '/',
      fstype: 'ext4',
      source: '/dev/vda',
      superOptions: ['rw', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'],
    });
    // /dev/root names no device node: the device number does.
    expect(entries[1]).toMatchObject({ major: 179, minor: 2, source: '/dev/root', target: '/' });
    expect(entries[2]).toMatchObject({ major: 0, fstype: 'zfs', source: 'rpool/ROOT/ubuntu_k2j4f1' });
    // Several optional fields before the separator.
    expect(entries[3]).toMatchObject({ target: '/boot', fstype: 'zfs', source: 'bpool/BOOT/ubuntu_k2j4f1' });
    expect(entries[4]).toMatchObject({ root: '/@home', target: '/home', fstype: 'btrfs', source: '/dev/nvme0n1p3' });
    expect(entries[4] && superOption(entries[4], 'subvol')).toBe('/@home');
    expect(entries[5]).toMatchObject({ fstype: 'fuse.portal', source: 'portal' });
    expect(entries[6]).toMatchObject({ target: '/media/u/My Stick', major: 8, minor: 17 });
  });

  it('unescapes space, tab, newline and backslash in root, target and source', () => {
    const line = '70 27 7:3 /a\\011b /mnt/x\\012y\\134z rw - ext4 /dev/odd\\040name rw';
    expect(parseMountInfoLine(line)).toMatchObject({ root: '/a\tb', target: '/mnt/x\ny\\z', source: '/dev/odd name' });
  });

  it('skips lines that are not mountinfo lines', () => {
    expect(parseMountInfo('\n/dev/sda1 / ext4 rw 0 0\ngarbage\n')).toEqual([]);
  });

  it('lists overlay layers, with escaped commas, colons and the data-only separator', () => {
    const [ovl] = parseMountInfo(
      '69 46 0:40 / /merged rw,relatime - overlay overlay rw,lowerdir=/l/lo\\134\\054w\\040er:/l/a\\134:b::/data,upperdir=/u,workdir=/w,uuid=on',
    );
    expect(ovl && overlayLayers(ovl)).toEqual(['/l/lo,w er', '/l/a:b', '/data', '/u', '/w']);
    const [plus] = parseMountInfo('72 46 0:42 / /m2 rw - overlay overlay ro,lowerdir+=/a,lowerdir+=/b,datadir+=/c,redirect_dir=on');
    expect(plus && overlayLayers(plus)).toEqual(['/a', '/b', '/c']);
  });

  it('reads this machine\'s table: / is there, with the device number stat gives', async () => {
    const { mounts } = await readMountTable();
    const root = mounts.filter((m) => m.target === '/').at(-1);
    expect(root).toBeDefined();
    const dev = splitDevNumber(statSync('/', { bigint: true }).dev);
    if (root?.major !== 0) expect({ major: root?.major, minor: root?.minor }).toEqual(dev);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toContain(` ${root?.source ?? '?'} `);
  });
});

describe('swaps', () => {
  it('keeps swap partitions and swap files, each marked', () => {
    const text = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/sda3 partition 8388604 0 -2\n/swap\\040file file 1048572 0 -3\n/dev/zram0 partition 4194300 0 100\n';
    expect(parseSwaps(text)).toEqual([
      { path: '/dev/sda3', kind: 'partition' },
      { path: '/swap file', kind: 'file' },
      { path: '/dev/zram0', kind: 'partition' },
    ]);
    expect(parseSwaps('Filename\tType\tSize\tUsed\tPriority\n')).toEqual([]);
  });
});
