import { describe, expect, it } from 'vitest';
import { parseExpectedChecksum } from './checksum.js';

const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('reading a pasted checksum', () => {
  it('takes the value alone, in either case', () => {
    expect(parseExpectedChecksum(` ${sha256.toUpperCase()}\n`)).toEqual({ algorithm: 'sha256', hex: sha256 });
  });

  it('takes a line copied from a sums file, in GNU or BSD style', () => {
    expect(parseExpectedChecksum(`${sha256}  debian-12.iso`)).toEqual({ algorithm: 'sha256', hex: sha256 });
    expect(parseExpectedChecksum(`${sha256} *debian-12.iso`)).toEqual({ algorithm: 'sha256', hex: sha256 });
    expect(parseExpectedChecksum(`SHA256 (debian-12.iso) = ${sha256}`)).toEqual({ algorithm: 'sha256', hex: sha256 });
  });

  it('knows the other digests by their length', () => {
    expect(parseExpectedChecksum('d41d8cd98f00b204e9800998ecf8427e')?.algorithm).toBe('md5');
    expect(parseExpectedChecksum('da39a3ee5e6b4b0d3255bfef95601890afd80709')?.algorithm).toBe('sha1');
    expect(parseExpectedChecksum('ab'.repeat(64))?.algorithm).toBe('sha512');
  });

  it('refuses what is not one checksum', () => {
    expect(parseExpectedChecksum('')).toBeNull();
    expect(parseExpectedChecksum('not a hash')).toBeNull();
    expect(parseExpectedChecksum(sha256.slice(1))).toBeNull();
    expect(parseExpectedChecksum(`${sha256} ${'0'.repeat(64)}`)).toBeNull();
  });
});
