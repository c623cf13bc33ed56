// macOS and Windows drive identity: diskutil and Get-Disk only run on those systems, so their
// parsing is tested here on sample output, and the per-path cache on a query that counts its calls.

import { describe, expect, it } from 'vitest';
import { chosenDriveDifference } from '../../app/drive-identity.js';
import { UNKNOWN_IDENTITY, type DriveIdentity } from '../../app/drive.js';
import { IdentityCache } from './identity-cache.js';
import { parseDarwinIdentity } from './identity-darwin.js';
import { parseGetDisk, physicalDriveNumber } from './identity-win32.js';

const PLIST_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';

// `diskutil info -plist /dev/disk4` for a USB stick (whole disk; no DiskUUID on a whole disk).
const USB_STICK = `${PLIST_HEAD}<dict>
	<key>Bootable</key>
	<false/>
	<key>BusProtocol</key>
	<string>USB</string>
	<key>Content</key>
	<string>FDisk_partition_scheme</string>
	<key>DeviceBlockSize</key>
	<integer>512</integer>
	<key>DeviceIdentifier</key>
	<string>disk4</string>
	<key>DeviceNode</key>
	<string>/dev/disk4</string>
	<key>Ejectable</key>
	<true/>
	<key>IORegistryEntryName</key>
	<string>SanDisk Cruzer Blade Media</string>
	<key>Internal</key>
	<false/>
	<key>MediaName</key>
	<string>SanDisk Cruzer Blade</string>
	<key>MediaType</key>
	<string>Generic</string>
	<key>ParentWholeDisk</key>
	<string>disk4</string>
	<key>Removable</key>
	<true/>
	<key>Size</key>
	<integer>15693664256</integer>
	<key>TotalSize</key>
	<integer>15693664256</integer>
	<key>VirtualOrPhysical</key>
	<string>Physical</string>
	<key>WholeDisk</key>
	<true/>
</dict>
</plist>
`;

// An internal SATA disk: a device-tree path, and a serial number field.
const INTERNAL = `${PLIST_HEAD}<dict>
	<key>BusProtocol</key><string>SATA</string>
	<key>DeviceIdentifier</key><string>disk0</string>
	<key>DeviceTreePath</key><string>IODeviceTree:/PCI0@0/SATA@1F,2/PRT0@0/PMP@0</string>
	<key>IORegistryEntryName</key><string>APPLE SSD SM0256G Media</string>
	<key>MediaName</key><string>APPLE SSD SM0256G</string>
	<key>SerialNumber</key><string>  S29ANYAH123456  </string>
	<key>WholeDisk</key><true/>
</dict>
</plist>
`;

// Get-Disk as the script prints it on PowerShell 5.1: an internal NVMe disk and a USB stick.
const GET_DISK = JSON.stringify([
  { Number: 0, SerialNumber: 'E823_8FA6_BF53_0001_001B_448B_4A1C_7B25.', UniqueId: 'eui.E8238FA6BF530001001B448B4A1C7B25' },
  {
    Number: 2,
    SerialNumber: '4C530001230208115434',
    UniqueId: 'USBSTOR\\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\\4C530001230208115434&0:DESKTOP-7H2',
  },
]);

describe('macOS: diskutil info -plist of a whole disk', () => {
  it('describes a USB stick by bus and IOMedia name, with its BSD name and no serial', () => {
    expect(parseDarwinIdentity(USB_STICK)).toEqual({
      mediaId: 'USB|SanDisk Cruzer Blade Media|',
      devNumber: 'disk4',
      serial: null,
      wwn: null,
    });
  });

  it('includes the device-tree path and a trimmed serial number where diskutil reports them', () => {
    expect(parseDarwinIdentity(INTERNAL)).toEqual({
      mediaId: 'SATA|APPLE SSD SM0256G Media|IODeviceTree:/PCI0@0/SATA@1F,2/PRT0@0/PMP@0',
      devNumber: 'disk0',
      serial: 'S29ANYAH123456',
      wwn: null,
    });
  });

  it('a different model behind the same /dev/disk4 is a different drive', () => {
    const other = parseDarwinIdentity(USB_STICK.replace('SanDisk Cruzer Blade Media', 'Kingston DataTraveler Media'));
    const chosen = { size: 15693664256, identity: parseDarwinIdentity(USB_STICK) };
    expect(chosenDriveDifference(chosen, { size: 15693664256, identity: other })).toMatch(/Kingston/);
  });

  it('a disk with none of the fields has an unknown identity; output that is no plist throws', () => {
    expect(parseDarwinIdentity(`${PLIST_HEAD}<dict><key>WholeDisk</key><true/></dict></plist>`)).toEqual(UNKNOWN_IDENTITY);
    expect(() => parseDarwinIdentity('Could not find disk: /dev/disk9')).toThrow();
  });
});

describe('Windows: Get-Disk', () => {
  it('reads every disk: UniqueId as media id, the disk number, the trimmed serial', () => {
    const disks = parseGetDisk(GET_DISK);
    expect([...disks.keys()]).toEqual([0, 2]);
    expect(disks.get(2)).toEqual({
      mediaId: 'USBSTOR\\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\\4C530001230208115434&0:DESKTOP-7H2',
      devNumber: '2',
      serial: '4C530001230208115434',
      wwn: null,
    });
    expect(disks.get(0)?.serial).toBe('E823_8FA6_BF53_0001_001B_448B_4A1C_7B25.');
  });

  it('reads a single disk printed as one object, and empty or missing fields as unknown', () => {
    const disks = parseGetDisk(JSON.stringify({ Number: 1, SerialNumber: '   ', UniqueId: null }));
    expect(disks.get(1)).toEqual({ mediaId: null, devNumber: '1', serial: null, wwn: null });
    expect(parseGetDisk('[]').size).toBe(0);
  });

  it('throws on anything that is not its JSON', () => {
    expect(() => parseGetDisk('Get-Disk : Access denied')).toThrow();
    expect(() => parseGetDisk('')).toThrow(/Get-Disk/);
  });

  it('another stick swapped in behind \\\\.\\PhysicalDrive2 differs in media id and serial', () => {
    const swapped = GET_DISK.replaceAll('4C530001230208115434', '4C530001150917109876');
    const chosen = { size: 16008609792, identity: parseGetDisk(GET_DISK).get(2) ?? UNKNOWN_IDENTITY };
    const now = { size: 16008609792, identity: parseGetDisk(swapped).get(2) ?? UNKNOWN_IDENTITY };
    expect(chosenDriveDifference(chosen, now)).toMatch(/4C530001150917109876/);
  });

  it('names the disk number of a drivelist device path only', () => {
    expect(physicalDriveNumber('\\\\.\\PhysicalDrive2')).toBe(2);
    expect(physicalDriveNumber('\\\\.\\PHYSICALDRIVE12')).toBe(12);
    expect(physicalDriveNumber('\\\\.\\C:')).toBeNull();
    expect(physicalDriveNumber('/dev/disk2')).toBeNull();
  });
});

describe('IdentityCache', () => {
  const A: DriveIdentity = { mediaId: 'a', devNumber: '1', serial: null, wwn: null };
  const B: DriveIdentity = { mediaId: 'b', devNumber: '1', serial: null, wwn: null };

  function counted(answer: () => DriveIdentity | Error) {
    const asked: string[][] = [];
    const query = (devices: string[]): Promise<Map<string, DriveIdentity>> => {
      asked.push(devices);
      const a = answer();
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(new Map(devices.map((d) => [d, a])));
    };
    return { asked, query };
  }

  it('asks only for new paths and paths older than the bound; a fresh lookup always asks', async () => {
    let time = 0;
    let current = A;
    const { asked, query } = counted(() => current);
    const cache = new IdentityCache(query, 3000, () => time);
    expect((await cache.identities(['/dev/disk4'], { fresh: false })).get('/dev/disk4')).toEqual(A);
    time = 1000;
    current = B;
    await cache.identities(['/dev/disk4', '/dev/disk5'], { fresh: false });
    expect(asked).toEqual([['/dev/disk4'], ['/dev/disk5']]);
    expect((await cache.identities(['/dev/disk4'], { fresh: true })).get('/dev/disk4')).toEqual(B);
    time = 5000;
    await cache.identities(['/dev/disk4'], { fresh: false });
    expect(asked).toEqual([['/dev/disk4'], ['/dev/disk5'], ['/dev/disk4'], ['/dev/disk4']]);
  });

  it('forgets a path missing from a scan, so a stick put back is asked again', async () => {
    const { asked, query } = counted(() => A);
    const cache = new IdentityCache(query, 60_000, () => 0);
    await cache.identities(['/dev/disk4'], { fresh: false });
    await cache.identities([], { fresh: false });
    await cache.identities(['/dev/disk4'], { fresh: false });
    expect(asked).toEqual([['/dev/disk4'], ['/dev/disk4']]);
  });

  it('a failing tool gives unknown fields, and is not asked again before the bound', async () => {
    let time = 0;
    const { asked, query } = counted(() => new Error('diskutil timed out'));
    const cache = new IdentityCache(query, 3000, () => time);
    expect((await cache.identities(['/dev/disk4'], { fresh: false })).get('/dev/disk4')).toEqual(UNKNOWN_IDENTITY);
    time = 1000;
    await cache.identities(['/dev/disk4'], { fresh: false });
    expect(asked.length).toBe(1);
  });

  it('a path the tool does not answer for is unknown', async () => {
    const cache = new IdentityCache(() => Promise.resolve(new Map<string, DriveIdentity>()), 3000);
    expect((await cache.identities(['/dev/disk9'], { fresh: true })).get('/dev/disk9')).toEqual(UNKNOWN_IDENTITY);
  });
});
