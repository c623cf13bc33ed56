// The verdict rules on their own: what boots from USB, and which warnings the user sees.

import { describe, expect, it } from 'vitest';
import { decideVerdict, uefiBoot, type BootFacts } from './verdict.js';

const base: BootFacts = {
  biosBootCode: false,
  uefiLoader: false,
  elTorito: null,
  isIso: false,
  windowsInstaller: false,
  recognised: true,
  espWithoutLoader: false,
  truncated: null,
  damage: [],
};

const codes = (facts: Partial<BootFacts>): string[] => decideVerdict({ ...base, ...facts }).warnings.map((w) => w.code);

describe('decideVerdict', () => {
  it('boots by BIOS from boot code in sector 0 and by UEFI from a fallback loader, without warnings when both', () => {
    const verdict = decideVerdict({ ...base, biosBootCode: true, uefiLoader: true, elTorito: { bios: true, uefi: true } });
    expect(verdict).toEqual({ usbBoot: { bios: true, uefi: true }, usbBootUefi: 'yes', warnings: [] });
  });

  it('does not count a BIOS El Torito entry for USB boot: a CD-only image is not USB-bootable and the message says CD', () => {
    const verdict = decideVerdict({ ...base, isIso: true, elTorito: { bios: true, uefi: false } });
    expect(verdict.usbBoot).toEqual({ bios: false, uefi: false });
    expect(verdict.usbBootUefi).toBe('no');
    expect(verdict.warnings).toEqual([
      {
        code: 'NOT_USB_BOOTABLE',
        message:
          'This image starts a computer only from a CD or DVD: it has no boot code for USB drives (no boot sector and no EFI partition). Burn it to a disc instead, or look for a USB edition of it.',
      },
    ]);
  });

  it('answers "probably" for UEFI when only the CD boot catalog leads to a loader (EDK II reads it on disks too)', () => {
    // ipxe.iso: isohybrid MBR code, a UEFI El Torito entry, no EFI System Partition. OVMF starts it from USB.
    const ipxe = decideVerdict({ ...base, isIso: true, biosBootCode: true, elTorito: { bios: true, uefi: true } });
    expect(ipxe.usbBoot).toEqual({ bios: true, uefi: false });
    expect(ipxe.usbBootUefi).toBe('probably');
    expect(ipxe.warnings).toEqual([
      {
        code: 'BIOS_ONLY',
        message:
          'Computers in BIOS (legacy/CSM) mode start this image from a USB drive. UEFI computers probably start it, but only through its CD boot entry: most UEFI firmware reads that entry from a USB drive too, some reads it only from a CD or DVD. If a UEFI computer does not start the drive, turn on its legacy (CSM) mode.',
      },
    ]);

    // No BIOS boot code at all: "probably" still counts as booting from USB, so NOT_USB_BOOTABLE is not said.
    const uefiCd = decideVerdict({ ...base, isIso: true, elTorito: { bios: false, uefi: true } });
    expect(uefiCd.usbBootUefi).toBe('probably');
    expect(uefiCd.warnings.map((w) => w.code)).toEqual(['UEFI_ONLY']);
    expect(uefiCd.warnings[0]?.message).toMatch(/^Computers in BIOS \(legacy\) mode will not start this image from a USB drive\. UEFI computers probably/);
  });

  it('says "no" for the catalog when its UEFI image was looked at and holds no loader, or the image is a Windows installer', () => {
    expect(uefiBoot({ uefiLoader: false, elTorito: { bios: true, uefi: true }, elToritoUefiLoader: false, windowsInstaller: false })).toBe('no');
    expect(uefiBoot({ uefiLoader: false, elTorito: { bios: true, uefi: true }, elToritoUefiLoader: true, windowsInstaller: false })).toBe('probably');
    expect(uefiBoot({ uefiLoader: false, elTorito: { bios: true, uefi: true }, windowsInstaller: true })).toBe('no');
    expect(uefiBoot({ uefiLoader: true, elTorito: null, windowsInstaller: true })).toBe('yes');
    expect(uefiBoot({ uefiLoader: false, elTorito: null, windowsInstaller: false })).toBe('no');
    expect(codes({ isIso: true, elTorito: { bios: true, uefi: true }, elToritoUefiLoader: false })).toEqual(['NOT_USB_BOOTABLE']);
  });

  it('calls an ISO without any boot entry a data disc', () => {
    expect(decideVerdict({ ...base, isIso: true }).warnings[0]?.message).toMatch(/^This is a data disc image/);
  });

  it('says BIOS_ONLY when nothing leads UEFI firmware to a loader', () => {
    expect(codes({ biosBootCode: true })).toEqual(['BIOS_ONLY']);
    expect(decideVerdict({ ...base, biosBootCode: true }).warnings[0]?.message).toMatch(/^This image starts only computers in BIOS/);
  });

  it('says UEFI_ONLY for an image that only UEFI firmware can start', () => {
    expect(codes({ uefiLoader: true })).toEqual(['UEFI_ONLY']);
  });

  it('puts the Windows installer warning before NOT_USB_BOOTABLE, and only when raw writing does not boot', () => {
    const windows = decideVerdict({ ...base, windowsInstaller: true, isIso: true, elTorito: { bios: true, uefi: true } });
    expect(windows.usbBootUefi).toBe('no');
    expect(windows.warnings.map((w) => w.code)).toEqual(['WINDOWS_INSTALLER', 'NOT_USB_BOOTABLE']);
    expect(codes({ windowsInstaller: true, biosBootCode: true, uefiLoader: true })).toEqual([]);
  });

  it('warns about an ESP without loader only when nothing else makes UEFI boot work', () => {
    expect(codes({ espWithoutLoader: true })).toEqual(['NOT_USB_BOOTABLE', 'ESP_WITHOUT_BOOT_LOADER']);
    expect(codes({ espWithoutLoader: true, uefiLoader: true })).toEqual(['UEFI_ONLY']);
  });

  it('warns NO_PARTITION_TABLE_OR_FILESYSTEM when nothing was recognised', () => {
    expect(codes({ recognised: false })).toEqual(['NOT_USB_BOOTABLE', 'NO_PARTITION_TABLE_OR_FILESYSTEM']);
  });

  it('puts TRUNCATED first with both sizes, and lets it explain damage found past the end', () => {
    const verdict = decideVerdict({
      ...base,
      biosBootCode: true,
      uefiLoader: true,
      truncated: { claimed: 4_000_000_000, actual: 1_000_000_000 },
      damage: [{ code: 'FILESYSTEM_DAMAGED', detail: 'the UDF file system is damaged (x)' }],
    });
    expect(verdict.warnings).toEqual([
      {
        code: 'TRUNCATED',
        message:
          'The image says it is 4.00 GB, but the file holds only 1.00 GB: the download is probably incomplete. Download it again and check its checksum.',
      },
    ]);
  });

  it('reports damage in plain words when the image is complete', () => {
    const verdict = decideVerdict({
      ...base,
      biosBootCode: true,
      uefiLoader: true,
      damage: [{ code: 'PARTITION_TABLE_DAMAGED', detail: 'the primary GPT header is damaged; the backup copy is intact' }],
    });
    expect(verdict.warnings).toEqual([
      {
        code: 'PARTITION_TABLE_DAMAGED',
        message:
          'The primary GPT header is damaged; the backup copy is intact. Download the image again and check its checksum.',
      },
    ]);
  });
});
