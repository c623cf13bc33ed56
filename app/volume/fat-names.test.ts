// Short names as Windows generates them (the examples of the FAT specification and of
// Microsoft's documentation), case bits, long-name entries, and the names FAT cannot hold.

import { describe, expect, it } from 'vitest';
import { VolumeError } from './errors.js';
import {
  assignFatNames,
  fatLabel,
  LOWER_BASE,
  LOWER_EXTENSION,
  longNameProblem,
  shortNameChecksum,
  toFatLabel,
  writeLongEntries,
} from './fat-names.js';

const shortOf = (names: string[]): string[] => assignFatNames(names, '/').map((n) => `${n.short.slice(0, 8).trimEnd()}${n.short.slice(8).trim() === '' ? '' : '.'}${n.short.slice(8).trimEnd()}`);

describe('short names', () => {
  it('follows Windows for names that are not 8.3', () => {
    expect(shortOf(['TextFile.Mine.txt'])).toEqual(['TEXTFI~1.TXT']);
    expect(shortOf(['ver +1.2.text'])).toEqual(['VER_12~1.TEX']);
    expect(shortOf(['.bashrc.swp'])).toEqual(['BASHRC~1.SWP']);
    expect(shortOf(['My Documents'])).toEqual(['MYDOCU~1']);
    expect(shortOf(['install.wim.part'])).toEqual(['INSTAL~1.PAR']);
    expect(shortOf(['été.txt'])).toEqual(['_T_~1.TXT']); // only ASCII in short names: é is lossy
  });

  it('counts numeric tails up and shortens the base to make room', () => {
    const names = Array.from({ length: 12 }, (_, i) => `a long name ${i}.txt`);
    expect(shortOf(names)).toEqual([
      'ALONGN~1.TXT', 'ALONGN~2.TXT', 'ALONGN~3.TXT', 'ALONGN~4.TXT', 'ALONGN~5.TXT', 'ALONGN~6.TXT',
      'ALONGN~7.TXT', 'ALONGN~8.TXT', 'ALONGN~9.TXT', 'ALONG~10.TXT', 'ALONG~11.TXT', 'ALONG~12.TXT',
    ]);
  });

  it('never takes the short name of a file that already has it', () => {
    // "FOO~1.TXT" is a valid 8.3 name and claims it first, wherever it is listed.
    expect(shortOf(['foo bar.txt', 'FOO~1.TXT'])).toEqual(['FOOBAR~1.TXT', 'FOO~1.TXT']);
    expect(shortOf(['foo .txt', 'FOO~1.TXT'])).toEqual(['FOO~2.TXT', 'FOO~1.TXT']);
  });

  it('keeps one-case 8.3 names without long-name entries, with the case in DIR_NTRes', () => {
    const [lower, upperBase, upper, mixed] = assignFatNames(['readme.txt', 'README.md', 'BOOTMGR', 'Setup.exe'], '/');
    expect(lower).toEqual({ short: 'README  TXT', caseFlags: LOWER_BASE | LOWER_EXTENSION, long: null });
    expect(upperBase).toEqual({ short: 'README  MD ', caseFlags: LOWER_EXTENSION, long: null });
    expect(upper).toEqual({ short: 'BOOTMGR    ', caseFlags: 0, long: null });
    // Mixed case in one part: a long name, and the plain short name (no tail: nothing was lost).
    expect(mixed).toEqual({ short: 'SETUP   EXE', caseFlags: 0, long: 'Setup.exe' });
  });
});

describe('long-name entries', () => {
  it('checksums the short name as the specification does', () => {
    // The specification's algorithm, computed independently for "README  TXT".
    let sum = 0;
    for (const c of 'README  TXT') sum = ((sum & 1 ? 0x80 : 0) + (sum >> 1) + c.charCodeAt(0)) & 0xff;
    expect(shortNameChecksum('README  TXT')).toBe(sum);
  });

  it('stores the last part first, terminated and padded', () => {
    const out = new Uint8Array(64);
    expect(writeLongEntries(out, 0, 'Fourteen chars', 0x5a)).toBe(64);
    expect(out[0]).toBe(0x42); // part 2 of 2, flagged last
    expect(out[32]).toBe(0x01);
    expect(out[11]).toBe(0x0f);
    expect(out[13]).toBe(0x5a);
    // Part 2 holds "s", then the 0x0000 terminator, then 0xFFFF.
    expect([out[1], out[2], out[3], out[4], out[5], out[6]]).toEqual([0x73, 0, 0, 0, 0xff, 0xff]);
  });
});

describe('names FAT cannot hold', () => {
  it.each([
    ['', 'empty'],
    ['..', 'parent'],
    ['a:b', '":"'],
    ['what?', '"?"'],
    ['tab\there', 'control character'],
    ['trailing.', 'ends with'],
    ['trailing ', 'ends with'],
    [' leading', 'starts with a space'],
    ['x'.repeat(256), '256 characters'],
    ['lone \ud800 surrogate', 'lone surrogate'],
  ])('refuses %j', (name, why) => {
    expect(longNameProblem(name)).toContain(why);
  });

  it('accepts what Windows accepts', () => {
    for (const name of ['a+b,c;d=e[f]', 'x'.repeat(255), '日本語', 'emoji 😀', '.hidden', 'a..b']) expect(longNameProblem(name)).toBeNull();
  });
});

describe('volume labels', () => {
  it('stores labels upper case and refuses what FAT labels cannot hold', () => {
    expect(fatLabel('imprint')).toBe('IMPRINT');
    expect(fatLabel('MY STICK')).toBe('MY STICK');
    expect(() => fatLabel('twelve chars')).toThrow(VolumeError);
    expect(() => fatLabel('a.b')).toThrow(/reserved/);
    expect(() => fatLabel('été')).toThrow(/ASCII/);
  });

  it('derives a valid label from any text', () => {
    expect(toFatLabel('CCCOMA_X64FRE_EN-US_DV9')).toBe('CCCOMA_X64F');
    expect(toFatLabel('Win 11.iso')).toBe('WIN 11_ISO');
    expect(fatLabel(toFatLabel('  été: 1 '))).toBe('_T__ 1');
  });
});

describe('names beyond the Basic Multilingual Plane', () => {
  it('stores a surrogate pair as its two UTF-16 units in order, even split across slots', () => {
    // 10 units, then the pair at units 10 and 11: the first in Name2's last slot, the second in Name3.
    const name = 'aTXTaaaaa 😀';
    const out = new Uint8Array(32);
    writeLongEntries(out, 0, name, 0);
    const slots = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
    const units = slots.map((at) => (out[at] ?? 0) | ((out[at + 1] ?? 0) << 8));
    const expected: number[] = [];
    for (let i = 0; i < name.length; i++) expected.push(name.charCodeAt(i));
    expect(units).toEqual([...expected, 0]);
    expect(units[10]).toBe(0xd83d);
    expect(units[11]).toBe(0xde00);
  });
});
