// What inspection tells about an image: the JSON contract of issue 3 ("imprint inspect --json",
// the UI). Scripts depend on it: add fields, never rename or remove them.

export type FilesystemName =
  | 'iso9660'
  | 'joliet'
  | 'rockridge'
  | 'udf'
  | 'fat'
  | 'ntfs'
  | 'exfat'
  | 'ext2'
  | 'ext3'
  | 'ext4';

/** The order "filesystems" lists them in. */
export const FILESYSTEM_ORDER: readonly FilesystemName[] = [
  'iso9660',
  'joliet',
  'rockridge',
  'udf',
  'fat',
  'ntfs',
  'exfat',
  'ext2',
  'ext3',
  'ext4',
];

export type ImageWarningCode =
  /** Neither BIOS nor UEFI will start a computer from the written drive (the message says why). */
  | 'NOT_USB_BOOTABLE'
  /** From USB it starts only by BIOS (legacy/CSM). */
  | 'BIOS_ONLY'
  /** From USB it starts only by UEFI. */
  | 'UEFI_ONLY'
  /** A Windows installer: raw writing does not give a bootable stick. */
  | 'WINDOWS_INSTALLER'
  /** Nothing recognisable: no partition table and no known file system. */
  | 'NO_PARTITION_TABLE_OR_FILESYSTEM'
  /** The image claims more bytes than the file holds (an incomplete download). */
  | 'TRUNCATED'
  | 'PARTITION_TABLE_DAMAGED'
  | 'FILESYSTEM_DAMAGED'
  /** An EFI System Partition without \EFI\BOOT\BOOT<arch>.EFI, so firmware finds no loader on it. */
  | 'ESP_WITHOUT_BOOT_LOADER'
  /** A compressed image was inspected only up to the decode limit; what lies beyond is not reported. */
  | 'INSPECTION_INCOMPLETE';

export interface ImageWarning {
  code: ImageWarningCode;
  message: string;
}

export interface PartitionInfo {
  /** As the OS numbers it: MBR slot 1–4 (logical from 5), GPT entry number. */
  index: number;
  /** MBR: "0xef" (two lower-case hex digits); GPT: the type GUID in lower case. */
  type: string;
  /** Bytes from the start of the image. */
  start: number;
  /** Bytes. */
  size: number;
  /** GPT: the partition name; MBR: the label of the file system inside, or "". */
  name: string;
}

export interface BootSupport {
  bios: boolean;
  uefi: boolean;
}

export interface ImageInfo {
  path: string;
  /** Bytes the drive will receive. */
  size: number;
  sizeIsEstimate: boolean;
  container: string;
  label: string | null;
  filesystems: FilesystemName[];
  partitionTable: 'mbr' | 'gpt' | null;
  partitions: PartitionInfo[];
  /** What the image boots when burned to a CD (El Torito); null without a boot catalog. */
  elTorito: BootSupport | null;
  /** What a computer can boot from the drive the image is written to. */
  usbBoot: BootSupport;
  windowsInstaller: boolean;
  warnings: ImageWarning[];
}

export interface InspectMeta {
  path: string;
  container: string;
  sizeIsEstimate: boolean;
}
