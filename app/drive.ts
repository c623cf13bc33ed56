// The Drive model shared by the engine, the CLI, the writer and the UI.

export interface Mountpoint {
  /** Where it is mounted ("/media/user/USB"), or "[SWAP]" for active swap. */
  path: string;
  /** The partition device that is mounted ("/dev/sdb1"). */
  device: string;
  label: string | null;
}

/**
 * What tells one medium from another behind the same path: a stick or card of the same size
 * swapped in while a password prompt or a "yes" question is open differs here. Captured when the
 * user chooses a drive, compared again after the device is opened exclusively.
 */
export interface DriveIdentity {
  /**
   * The medium's sequence/identity number. Linux: the kernel's diskseq (changes on every media
   * change and loop re-attach). macOS: the media UUID (DADiskDescription). Windows: the disk
   * signature/GUID with the device number. Null when the OS has none.
   */
  mediaId: string | null;
  /** Device number ("major:minor" on Linux), or null where the OS has none. */
  devNumber: string | null;
  /** Serial number of the drive (udev/lsblk SERIAL), when known. */
  serial: string | null;
  /** World Wide Name (lsblk WWN), when known. */
  wwn: string | null;
}

export interface Drive {
  /** Stable id the UI and writer use to name the drive: the resolved device path. */
  id: string;
  /** Whole-disk device path ("/dev/sdb", "\\\\.\\PhysicalDrive2", "/dev/disk4"). */
  device: string;
  /** "disk" for a whole drive; "partition" when a path names a partition of one. */
  kind: 'disk' | 'partition';
  /** For a partition: the whole-disk device it belongs to. */
  parent: string | null;
  /** Vendor and model, as shown to the user. */
  description: string;
  /** Bytes, or null when the OS does not report it (empty card reader). */
  size: number | null;
  logicalBlockSize: number;
  physicalBlockSize: number;
  busType: string;
  isRemovable: boolean;
  isReadOnly: boolean;
  /** Loop devices, RAM disks, disk images attached by the OS. */
  isVirtual: boolean;
  /** Drivelist's own judgement; the safety rules combine it with the mount table. */
  isSystemReported: boolean;
  isUSB: boolean;
  isCard: boolean;
  /** Mounts and swap of the drive and its partitions. */
  mountpoints: Mountpoint[];
  /** For a loop device, the file it shows (so the image itself is never its own target). */
  backingFile: string | null;
  /** Identity of the medium (see DriveIdentity). */
  identity: DriveIdentity;
  /**
   * For a loop device: every identity (device + inode) known for its backing file, so a hard link or
   * bind-mounted view of the image is still the same file. Empty when none could be had (the rules
   * then cannot rule out that it shows the image); absent where not looked up.
   */
  backingFileIds?: FileId[];
  /**
   * Why this is not a physical drive (device-mapper, md RAID, network or RAM block device, eMMC boot
   * area), or null/absent for a real drive. Such devices are refused: their data lives elsewhere.
   */
  notPhysical?: string | null;
  /**
   * System mounts whose source could not be traced to any disk ("/ [zfs rpool/ROOT]"): any drive may
   * hold them, so every drive carries them and is judged a system drive (fail closed).
   */
  untracedSystemMounts?: string[];
}

/** A file's identity: "major:minor" of its file system and its inode number (as decimal text). */
export interface FileId {
  dev: string;
  ino: string;
}

export const UNKNOWN_IDENTITY: DriveIdentity = { mediaId: null, devNumber: null, serial: null, wwn: null };

/**
 * Mount points that make the drive under them a system drive: what the running OS boots from, runs
 * from or keeps its state and users' files in (/opt: installed software; /srv: data the system
 * serves, mounted at boot like /home; /nix, /gnu/store: the whole OS on NixOS and Guix), and the
 * medium a live system runs from (/cdrom, /run/live/medium, …). Removable sticks are mounted under
 * /media, /run/media or /mnt, never here. Not a prefix rule: /var/tmp/x is a scratch mount.
 */
export const SYSTEM_MOUNTPOINTS: readonly string[] = [
  '/',
  '/boot',
  '/boot/efi',
  '/boot/firmware',
  '/efi',
  '/recovery',
  '/usr',
  '/usr/local',
  '/var',
  '/var/lib',
  '/var/log',
  '/home',
  '/opt',
  '/srv',
  '/nix',
  '/nix/store',
  '/gnu/store',
  // Live systems: the stick or disc the running system was booted from.
  '/cdrom',
  '/run/live/medium',
  '/lib/live/mount/medium',
  '/run/initramfs/live',
  '/run/archiso/bootmnt',
  '/isodevice',
];

/** Trees whose every mount belongs to the OS (macOS system volumes; the Nix store). */
export const SYSTEM_MOUNT_PREFIXES: readonly string[] = ['/System/Volumes/', '/nix/'];

export function isSystemMountpoint(path: string): boolean {
  return SYSTEM_MOUNTPOINTS.includes(path) || SYSTEM_MOUNT_PREFIXES.some((p) => path.startsWith(p));
}
