// The verdict: will the drive boot, and what should the user know before writing. A pure
// function of what the parsers found, so every rule is testable without an image.

import { formatBytes } from '../format.js';
import type { BootSupport, ImageWarning, ImageWarningCode } from './image-info.js';

export interface BootFacts {
  /** Sector 0 ends in 55 AA and holds boot code that a BIOS can run. */
  biosBootCode: boolean;
  /** A FAT file system (a partition, or the whole image) holds \EFI\BOOT\BOOT<arch>.EFI. */
  uefiLoader: boolean;
  elTorito: BootSupport | null;
  /**
   * The El Torito UEFI boot image holds a FAT with \EFI\BOOT\BOOT<arch>.EFI. Undefined when it
   * was not looked at: a bootable UEFI entry then counts as holding one (as on real media).
   */
  elToritoUefiLoader?: boolean;
  isIso: boolean;
  windowsInstaller: boolean;
  /** A partition table or a file system was recognised. */
  recognised: boolean;
  /** Some EFI System Partition lacks the fallback boot loader. */
  espWithoutLoader: boolean;
  /** Bytes the image's structures claim, when more than the image holds. */
  truncated: { claimed: number; actual: number } | null;
  damage: Array<{ code: 'PARTITION_TABLE_DAMAGED' | 'FILESYSTEM_DAMAGED'; detail: string }>;
}

/**
 * Will UEFI firmware start the drive. 'yes': a FAT file system (EFI System Partition or the whole
 * drive) holds the fallback loader, which every UEFI firmware looks for. 'probably': only the CD
 * boot catalog's UEFI entry leads to a loader. EDK II's partition driver, from which OVMF and most
 * PC firmware (AMI, Insyde, Phoenix) derive, reads the El Torito catalog on any disk whose block size
 * divides 2048, a USB stick's too, and then finds the loader in the entry's FAT image (measured:
 * OVMF starts ipxe.iso from USB, main/test-support/qemu-boot.test.ts); firmware that reads the
 * catalog only from CDs does not start it. 'no': nothing a UEFI firmware would start.
 */
export type UefiBoot = 'yes' | 'probably' | 'no';

export interface Verdict {
  /** The certain answers (the JSON contract's usbBoot): uefi is true only for UefiBoot 'yes'. */
  usbBoot: BootSupport;
  /** The UEFI answer with its third value. */
  usbBootUefi: UefiBoot;
  warnings: ImageWarning[];
}

export type UefiFacts = Pick<BootFacts, 'uefiLoader' | 'elTorito' | 'elToritoUefiLoader' | 'windowsInstaller'>;

export function uefiBoot(facts: UefiFacts): UefiBoot {
  if (facts.uefiLoader) return 'yes';
  const catalogEntry = facts.elTorito?.uefi === true && facts.elToritoUefiLoader !== false;
  // A Windows installer's CD loader would then look for Setup on a CD, and whether it finds it on a
  // USB drive has not been measured (no real Windows image here): keep saying no, as its warning does.
  return catalogEntry && !facts.windowsInstaller ? 'probably' : 'no';
}

export function decideVerdict(facts: BootFacts): Verdict {
  const usbBoot: BootSupport = { bios: facts.biosBootCode, uefi: facts.uefiLoader };
  const uefi = uefiBoot(facts);
  const warnings: ImageWarning[] = [];
  const warn = (code: ImageWarningCode, message: string): void => {
    warnings.push({ code, message });
  };

  if (facts.truncated !== null) {
    warn(
      'TRUNCATED',
      `The image says it is ${formatBytes(facts.truncated.claimed)}, but the file holds only ${formatBytes(facts.truncated.actual)}: ` +
        'the download is probably incomplete. Download it again and check its checksum.',
    );
  }
  // Damage found past the end of a truncated file is explained by the truncation.
  if (facts.truncated === null) {
    for (const { code, detail } of facts.damage) {
      warn(code, `${capitalise(detail)}. Download the image again and check its checksum.`);
    }
  }

  const bootsFromUsb = usbBoot.bios || uefi !== 'no';
  if (facts.windowsInstaller && !bootsFromUsb) {
    warn(
      'WINDOWS_INSTALLER',
      'This is a Windows installer. Written as it is, the USB drive will not start a computer: Windows installer ' +
        "images are made for DVDs. To make a bootable USB drive, use Microsoft's Media Creation Tool, or a tool that " +
        'copies the installer files onto the drive (such as Rufus on Windows or WoeUSB on Linux).',
    );
  }
  if (!bootsFromUsb) warn('NOT_USB_BOOTABLE', notBootableMessage(facts));
  // BIOS_ONLY and UEFI_ONLY name what is certain; with 'probably' their message says what is not.
  if (usbBoot.bios && uefi === 'probably') {
    warn(
      'BIOS_ONLY',
      `Computers in BIOS (legacy/CSM) mode start this image from a USB drive. ${UEFI_PROBABLY} If a UEFI computer ` +
        'does not start the drive, turn on its legacy (CSM) mode.',
    );
  } else if (usbBoot.bios && uefi === 'no') {
    warn(
      'BIOS_ONLY',
      'This image starts only computers in BIOS (legacy/CSM) mode. Computers that boot only by UEFI ' +
        '(most PCs made since 2020, with Secure Boot) will not start it.',
    );
  }
  if (!usbBoot.bios && uefi === 'probably') {
    warn(
      'UEFI_ONLY',
      `Computers in BIOS (legacy) mode will not start this image from a USB drive. ${UEFI_PROBABLY} If a computer ` +
        'does not start the drive, burn the image to a CD or DVD instead.',
    );
  } else if (!usbBoot.bios && uefi === 'yes') {
    warn(
      'UEFI_ONLY',
      'This image starts only computers that boot by UEFI. Older computers in BIOS (legacy) mode will not start it.',
    );
  }
  if (facts.espWithoutLoader && uefi !== 'yes') {
    warn(
      'ESP_WITHOUT_BOOT_LOADER',
      'The image has an EFI System Partition, but no boot loader at \\EFI\\BOOT\\BOOTX64.EFI (or another BOOT*.EFI), ' +
        'so UEFI firmware will not find anything to start on it.',
    );
  }
  if (!facts.recognised) {
    warn(
      'NO_PARTITION_TABLE_OR_FILESYSTEM',
      'Imprint found no partition table and no file system it knows in this image. It may be damaged, packed in a ' +
        'format Imprint does not know, or not a disk image at all: check that you picked the right file.',
    );
  }
  return { usbBoot, usbBootUefi: uefi, warnings };
}

const UEFI_PROBABLY =
  'UEFI computers probably start it, but only through its CD boot entry: most UEFI firmware reads that entry ' +
  'from a USB drive too, some reads it only from a CD or DVD.';

function notBootableMessage(facts: BootFacts): string {
  if (facts.windowsInstaller) {
    return 'Written as it is, this Windows installer will not start a computer from a USB drive (see the Windows installer note).';
  }
  if (facts.elTorito !== null && (facts.elTorito.bios || facts.elTorito.uefi)) {
    return (
      'This image starts a computer only from a CD or DVD: it has no boot code for USB drives (no boot sector ' +
      'and no EFI partition). Burn it to a disc instead, or look for a USB edition of it.'
    );
  }
  if (facts.isIso) {
    return 'This is a data disc image: it does not start a computer. Writing it gives a drive that only holds its files.';
  }
  if (facts.recognised) {
    return 'This disk image has no boot loader: a computer will not start from the drive. It can still be written as a data drive.';
  }
  return 'Imprint found nothing in this image that a computer could start from.';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
