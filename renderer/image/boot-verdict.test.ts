import { describe, expect, it } from 'vitest';
import { imageInfo } from '../../main/test-support/renderer/fixtures.js';
import { bootHeadline } from './boot-verdict.js';

const none = { bios: false, uefi: false };

describe('the boot headline', () => {
  it('says which PCs boot the drive', () => {
    expect(bootHeadline(imageInfo())).toEqual({ tone: 'good', text: 'Boots from USB on BIOS and UEFI PCs' });
    expect(bootHeadline(imageInfo({ usbBoot: { bios: true, uefi: false } })).text).toMatch(/only on PCs in BIOS/);
    expect(bootHeadline(imageInfo({ usbBoot: { bios: false, uefi: true } })).text).toMatch(/only on PCs that boot by UEFI/);
  });

  it('calls out a Windows installer before anything else', () => {
    expect(bootHeadline(imageInfo({ usbBoot: none, windowsInstaller: true }))).toEqual({
      tone: 'bad',
      text: 'Windows installer: written as it is, the drive will not boot',
    });
  });

  it('tells a CD-only boot image from a data disc and from a plain disk image', () => {
    expect(bootHeadline(imageInfo({ usbBoot: none })).text).toMatch(/CD or DVD only/);
    expect(bootHeadline(imageInfo({ usbBoot: none, elTorito: null })).text).toBe('This is a data disc: the drive will not boot');
    expect(bootHeadline(imageInfo({ usbBoot: none, elTorito: null, filesystems: ['ext4'], partitionTable: 'mbr' })).text).toMatch(/will not start a PC/);
  });

  it('admits when the image could not be inspected', () => {
    expect(bootHeadline(null).text).toBe('Unknown whether the drive will boot');
  });
});
