// The few bytes of x86 code a PC in BIOS mode runs from the drive's first sector (and from a
// volume's boot sector): print a message, wait for a key, hand back to the firmware (int 19h).
// Imprint's sticks start PCs in UEFI mode only; without this, a BIOS that jumps into a zeroed
// MBR runs whatever follows in memory. Hand-assembled (16-bit real mode, loaded at 0000:7C00);
// a test disassembles it with objdump.

/** Starts with the words mkfs.fat uses, which Imprint's inspector already reads as "no boot code". */
export const NOT_BOOTABLE_MESSAGE = 'This is not a bootable disk. Remove it and press any key to try again.';
export const UEFI_ONLY_MESSAGE =
  'This is not a bootable disk in BIOS mode. It starts PCs in UEFI mode: turn on UEFI boot in the firmware settings. Press any key to continue.';

const LOAD_ADDRESS = 0x7c00;

/**
 * The stub for code placed at `codeOffset` in a sector loaded at 0000:7C00, at most `room` bytes
 * (message included); a message that does not fit is cut at a word.
 */
export function bootStub(codeOffset: number, room: number, message: string): Uint8Array {
  const code = (messageAddress: number): number[] => [
    0xfa, //                 cli
    0x31, 0xc0, //           xor ax, ax
    0x8e, 0xd8, //           mov ds, ax
    0x8e, 0xd0, //           mov ss, ax
    0xbc, 0x00, 0x7c, //     mov sp, 0x7c00
    0xfb, //                 sti
    0xfc, //                 cld
    0xbe, messageAddress & 0xff, messageAddress >> 8, // mov si, message
    // print:
    0xac, //                 lodsb
    0x84, 0xc0, //           test al, al
    0x74, 0x09, //           jz done
    0xb4, 0x0e, //           mov ah, 0x0e      (teletype output)
    0xbb, 0x07, 0x00, //     mov bx, 0x0007    (page 0, light grey)
    0xcd, 0x10, //           int 0x10
    0xeb, 0xf2, //           jmp print
    // done:
    0x31, 0xc0, //           xor ax, ax
    0xcd, 0x16, //           int 0x16          (wait for a key)
    0xcd, 0x19, //           int 0x19          (let the firmware try the next boot device)
    // hang:
    0xf4, //                 hlt
    0xeb, 0xfd, //           jmp hang
  ];
  const length = code(0).length;
  const text = fit(message, room - length - 3);
  const bytes = [...code(LOAD_ADDRESS + codeOffset + length)];
  for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0x7f);
  bytes.push(0x0d, 0x0a, 0x00);
  return Uint8Array.from(bytes);
}

function fit(message: string, room: number): string {
  if (message.length <= room) return message;
  const cut = message.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return space > 0 ? cut.slice(0, space) : cut;
}
