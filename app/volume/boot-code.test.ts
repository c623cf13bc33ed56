// The BIOS stub disassembled by a tool nobody here wrote (objdump): the instructions it is meant
// to be, and the message address pointing at the message, wherever the stub is placed.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/test-support/loop.js';
import { missing } from '../../main/test-support/prereq.js';
import { toolOutput } from '../../main/test-support/volume-file.js';
import { bootStub, NOT_BOOTABLE_MESSAGE, UEFI_ONLY_MESSAGE } from './boot-code.js';

const skip = missing({ tools: ['objdump'] });
/** The stub's instructions; the message follows them. */
const CODE_LENGTH = 38;

describe.skipIf(skip !== null)('the BIOS boot stub', () => {
  // Made when the tests run, not when they are collected (a listing pass runs no afterAll).
  let tmp = { dir: '', remove: (): void => undefined };
  beforeAll(() => (tmp = tempDir('imprint-boot-')));
  afterAll(() => tmp.remove());

  it.each([
    ['an MBR', 0, 440],
    ['a FAT32 boot sector', 90, 420],
    ['an exFAT boot sector', 120, 390],
  ])('in %s prints its message, waits for a key and hands back to the firmware', (_, at, room) => {
    const stub = bootStub(at, room, UEFI_ONLY_MESSAGE);
    expect(stub.length).toBeLessThanOrEqual(room);
    const file = join(tmp.dir, `stub-${at}.bin`);
    writeFileSync(file, stub);
    const listing = toolOutput('objdump', ['-D', '-b', 'binary', '-m', 'i8086', '--stop-address=0x26', file]);
    const instructions = listing
      .split('\n')
      .map((line) => /^\s*[0-9a-f]+:\s+(?:[0-9a-f]{2} )+\s*(.+)$/.exec(line)?.[1]?.replace(/\s+/g, ' ').trim())
      .filter((i): i is string => i !== undefined);
    const messageAt = 0x7c00 + at + CODE_LENGTH;
    expect(instructions).toEqual([
      'cli',
      'xor %ax,%ax',
      'mov %ax,%ds',
      'mov %ax,%ss',
      'mov $0x7c00,%sp',
      'sti',
      'cld',
      `mov $0x${messageAt.toString(16)},%si`,
      'lods %ds:(%si),%al',
      'test %al,%al',
      'je 0x1d',
      'mov $0xe,%ah',
      'mov $0x7,%bx',
      'int $0x10',
      'jmp 0xf',
      'xor %ax,%ax',
      'int $0x16',
      'int $0x19',
      'hlt',
      'jmp 0x23',
    ]);
    const text = new TextDecoder().decode(stub.subarray(CODE_LENGTH, stub.indexOf(0, CODE_LENGTH)));
    expect(text.startsWith('This is not a bootable disk')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('cuts a message that does not fit at a word', () => {
    const stub = bootStub(120, 80, NOT_BOOTABLE_MESSAGE);
    expect(stub.length).toBeLessThanOrEqual(80);
    expect(new TextDecoder().decode(stub.subarray(CODE_LENGTH, stub.length - 3))).toBe('This is not a bootable disk. Remove it');
  });
});
