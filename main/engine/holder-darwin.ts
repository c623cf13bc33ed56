// macOS: the whole disks that hold a file. df names the file system's BSD device (/dev/disk3s5);
// diskutil names its whole disk, and for an APFS volume the container's physical stores, whose
// whole disks are the real drives; a mounted disk image leads (hdiutil) to its image file, whose
// disks hold it in turn. Network file systems are on no local disk; anything else that is not a
// /dev/disk device (macFUSE …) cannot be traced and throws. Compile-reviewed: the parsers are
// tested on sample output, the commands only run on a Mac.

import { execFile } from 'node:child_process';
import { parsePlist, plistArray, plistString, type PlistValue } from './plist.js';

/** `df -P <file>`: the file system's source and mount point (a source can contain spaces: "map auto_home"). */
export function parseDfPosix(text: string): { source: string; mountpoint: string } | null {
  const line = text.split('\n')[1] ?? '';
  const m = /^(.+?)\s+\d+\s+\d+\s+\d+\s+\d+%\s+(.+)$/.exec(line.trimEnd());
  return m?.[1] && m[2] ? { source: m[1], mountpoint: m[2] } : null;
}

/** `mount` lines ("//u@host/share on /Volumes/share (smbfs, nodev …)") → the type mounted at a mount point. */
export function parseMountType(text: string, mountpoint: string): string | null {
  for (const line of text.split('\n')) {
    const m = /^(.+) on (.+) \(([^,)]+)/.exec(line);
    if (m?.[2] === mountpoint) return m[3]?.trim() ?? null;
  }
  return null;
}

export interface DarwinDiskInfo {
  /** "disk3s5". */
  id: string | null;
  /** "disk3". */
  parentWholeDisk: string | null;
  /** For an APFS volume or container: the partitions the container lives on ("disk0s2"). */
  physicalStores: string[];
  isVirtual: boolean;
}

/** `diskutil info -plist <device>`. */
export function parseDiskutilInfo(xml: string): DarwinDiskInfo {
  const info = parsePlist(xml);
  const stores = plistArray(info, 'APFSPhysicalStores')
    .map((s) => plistString(s, 'APFSPhysicalStore'))
    .filter((s): s is string => s !== null);
  return {
    id: plistString(info, 'DeviceIdentifier'),
    parentWholeDisk: plistString(info, 'ParentWholeDisk'),
    physicalStores: stores,
    isVirtual: plistString(info, 'VirtualOrPhysical') === 'Virtual',
  };
}

/** `hdiutil info -plist`: each attached disk image's file and the devices it shows. */
export function parseHdiutilImages(xml: string): { imagePath: string; devices: string[] }[] {
  return plistArray(parsePlist(xml), 'images').map((image: PlistValue) => ({
    imagePath: plistString(image, 'image-path') ?? '',
    devices: plistArray(image, 'system-entities')
      .map((e) => plistString(e, 'dev-entry'))
      .filter((d): d is string => d !== null),
  }));
}

const NETWORK = new Set(['smbfs', 'nfs', 'afpfs', 'webdav', 'ftp', 'cifs']);

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}`));
      else resolve(stdout);
    });
  });
}

const info = async (device: string): Promise<DarwinDiskInfo> => parseDiskutilInfo(await run('diskutil', ['info', '-plist', device]));

/** Whole disks ("disk0") under a BSD device: its whole disk, APFS physical stores' disks, disk images' hosts. */
async function wholeDisksOf(device: string, depth: number): Promise<string[]> {
  const volume = await info(device);
  const wholes = new Set<string>();
  const whole = volume.parentWholeDisk ?? volume.id;
  if (!whole) throw new Error(`diskutil names no whole disk for ${device}`);
  wholes.add(whole);
  const container = await info(whole);
  const stores = [...new Set([...volume.physicalStores, ...container.physicalStores])];
  let images: { imagePath: string; devices: string[] }[] | null = null;
  for (const store of stores) {
    const parent = (await info(store)).parentWholeDisk;
    if (!parent) throw new Error(`diskutil names no whole disk for ${store}`);
    wholes.add(parent);
  }
  for (const disk of [...wholes]) {
    const facts = disk === whole ? container : await info(disk);
    // A virtual disk that is no APFS container is a disk image: its file's disks hold it too.
    if (!facts.isVirtual || facts.physicalStores.length > 0) continue;
    images ??= parseHdiutilImages(await run('hdiutil', ['info', '-plist']));
    const image = images.find((i) => i.devices.some((d) => d === `/dev/${disk}` || d.startsWith(`/dev/${disk}s`)));
    if (!image?.imagePath) throw new Error(`/dev/${disk} is a virtual disk that hdiutil does not list`);
    if (image.imagePath.startsWith('ram://')) continue;
    for (const outer of await darwinHolderDisks(image.imagePath, depth + 1)) wholes.add(outer.replace(/^\/dev\/r?/, ''));
  }
  return [...wholes];
}

/** Whole-disk devices (/dev/diskN and /dev/rdiskN) that hold a file; throws when they cannot be found. */
export async function darwinHolderDisks(path: string, depth = 0): Promise<string[]> {
  if (depth > 4) throw new Error('disk images nested too deeply');
  const df = parseDfPosix(await run('df', ['-P', path]));
  if (!df) throw new Error(`df did not name the file system of ${path}`);
  if (!df.source.startsWith('/dev/disk')) {
    const type = parseMountType(await run('mount', []), df.mountpoint);
    if (type && NETWORK.has(type)) return [];
    throw new Error(`${path} is on ${df.source} (${type ?? 'unknown type'}), which is not a local disk`);
  }
  const disks = await wholeDisksOf(df.source, depth);
  return disks.flatMap((d) => [`/dev/${d}`, `/dev/r${d}`]);
}
