// The macOS and Windows "drive that holds the image" lookups only run on those systems; their
// parsing is tested here on sample output of df, mount, diskutil, hdiutil and the PowerShell script.

import { describe, expect, it } from 'vitest';
import { parseDfPosix, parseDiskutilInfo, parseHdiutilImages, parseMountType } from './holder-darwin.js';
import { parseVolumeExtents } from './holder-win32.js';
import { parsePlist } from './plist.js';

const PLIST_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';

// `diskutil info -plist disk3s5` for the Data volume of an APFS container on the internal disk.
const APFS_VOLUME = `${PLIST_HEAD}<dict>
	<key>APFSContainerReference</key>
	<string>disk3</string>
	<key>APFSPhysicalStores</key>
	<array>
		<dict>
			<key>APFSPhysicalStore</key>
			<string>disk0s2</string>
		</dict>
	</array>
	<key>Bootable</key>
	<true/>
	<key>DeviceIdentifier</key>
	<string>disk3s5</string>
	<key>DeviceNode</key>
	<string>/dev/disk3s5</string>
	<key>FilesystemName</key>
	<string>APFS</string>
	<key>MountPoint</key>
	<string>/System/Volumes/Data</string>
	<key>ParentWholeDisk</key>
	<string>disk3</string>
	<key>Size</key>
	<integer>494384795648</integer>
	<key>VirtualOrPhysical</key>
	<string>Virtual</string>
	<key>VolumeName</key>
	<string>Macintosh HD &amp; Data</string>
	<key>WritableMedia</key>
	<false/>
</dict>
</plist>
`;

const PHYSICAL_STORE = `${PLIST_HEAD}<dict>
	<key>DeviceIdentifier</key><string>disk0s2</string>
	<key>ParentWholeDisk</key><string>disk0</string>
	<key>VirtualOrPhysical</key><string>Physical</string>
	<key>Internal</key><true/>
</dict>
</plist>
`;

// `hdiutil info -plist` with one attached disk image.
const HDIUTIL = `${PLIST_HEAD}<dict>
	<key>framework</key><string>671.100.2</string>
	<key>images</key>
	<array>
		<dict>
			<key>image-path</key><string>/Volumes/STICK/installer.dmg</string>
			<key>image-type</key><string>UDIF read-only compressed (zlib)</string>
			<key>system-entities</key>
			<array>
				<dict><key>content-hint</key><string>GUID_partition_scheme</string><key>dev-entry</key><string>/dev/disk6</string></dict>
				<dict><key>content-hint</key><string>Apple_HFS</string><key>dev-entry</key><string>/dev/disk6s1</string><key>mount-point</key><string>/Volumes/Installer</string></dict>
			</array>
		</dict>
	</array>
</dict>
</plist>
`;

describe('plist', () => {
  it('reads dicts, arrays, strings with entities, integers and booleans', () => {
    expect(parsePlist(APFS_VOLUME)).toMatchObject({
      APFSPhysicalStores: [{ APFSPhysicalStore: 'disk0s2' }],
      Bootable: true,
      Size: 494384795648,
      VolumeName: 'Macintosh HD & Data',
      WritableMedia: false,
    });
    expect(parsePlist(`${PLIST_HEAD}<array><string/><dict/><array/></array></plist>`)).toEqual(['', {}, []]);
  });

  it('throws on malformed input instead of guessing', () => {
    expect(() => parsePlist(`${PLIST_HEAD}<dict><key>a</key><string>x</dict></plist>`)).toThrow();
    expect(() => parsePlist('')).toThrow();
    expect(() => parsePlist(`${PLIST_HEAD}<dict><string>x</string></dict></plist>`)).toThrow(/expected <key>/);
  });
});

describe('macOS', () => {
  it('names the file system source and mount point from df -P, also for sources with spaces', () => {
    const df = 'Filesystem     512-blocks      Used Available Capacity  Mounted on\n/dev/disk3s5    965595304 612345678 333333333    65%    /System/Volumes/Data\n';
    expect(parseDfPosix(df)).toEqual({ source: '/dev/disk3s5', mountpoint: '/System/Volumes/Data' });
    const stick = 'Filesystem 512-blocks Used Available Capacity Mounted on\n/dev/disk4s1 61049344 204800 60844544 1% /Volumes/MY STICK\n';
    expect(parseDfPosix(stick)).toEqual({ source: '/dev/disk4s1', mountpoint: '/Volumes/MY STICK' });
    const autofs = 'Filesystem 512-blocks Used Available Capacity Mounted on\nmap auto_home 0 0 0 100% /System/Volumes/Data/home\n';
    expect(parseDfPosix(autofs)).toEqual({ source: 'map auto_home', mountpoint: '/System/Volumes/Data/home' });
    expect(parseDfPosix('df: /x: No such file or directory\n')).toBeNull();
  });

  it('finds the type of a mount in mount(8) output', () => {
    const mount = [
      '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
      '/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect)',
      '//u@nas._smb._tcp.local/share on /Volumes/share (smbfs, nodev, nosuid, mounted by u)',
      'u@host:/srv on /Users/u/mnt (macfuse, nodev, nosuid, synchronous, mounted by u)',
    ].join('\n');
    expect(parseMountType(mount, '/Volumes/share')).toBe('smbfs');
    expect(parseMountType(mount, '/Users/u/mnt')).toBe('macfuse');
    expect(parseMountType(mount, '/nowhere')).toBeNull();
  });

  it('reads the whole disk and the APFS physical stores from diskutil info -plist', () => {
    expect(parseDiskutilInfo(APFS_VOLUME)).toEqual({ id: 'disk3s5', parentWholeDisk: 'disk3', physicalStores: ['disk0s2'], isVirtual: true });
    expect(parseDiskutilInfo(PHYSICAL_STORE)).toEqual({ id: 'disk0s2', parentWholeDisk: 'disk0', physicalStores: [], isVirtual: false });
  });

  it('reads which image file each attached disk image shows', () => {
    expect(parseHdiutilImages(HDIUTIL)).toEqual([{ imagePath: '/Volumes/STICK/installer.dmg', devices: ['/dev/disk6', '/dev/disk6s1'] }]);
    expect(parseHdiutilImages(`${PLIST_HEAD}<dict><key>images</key><array/></dict></plist>`)).toEqual([]);
  });
});

describe('Windows', () => {
  it('reads the disk extents of a volume, one disk or several (a spanned volume)', () => {
    expect(parseVolumeExtents('disk 0\r\n')).toEqual(['\\\\.\\PhysicalDrive0']);
    expect(parseVolumeExtents('disk 1\r\ndisk 3\r\ndisk 1\r\n')).toEqual(['\\\\.\\PhysicalDrive1', '\\\\.\\PhysicalDrive3']);
  });

  it('a network share is on no local disk; anything unexpected throws (the rules then refuse)', () => {
    expect(parseVolumeExtents('network\r\n')).toEqual([]);
    expect(() => parseVolumeExtents('')).toThrow(/nothing/);
    expect(() => parseVolumeExtents('Exception calling "Describe": Access is denied\r\n')).toThrow(/unexpected/);
  });
});
