import { createHash, getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  algorithmForHexLength,
  DEFAULT_HASH_ALGORITHM,
  HASH_ALGORITHM_NAMES,
  HASH_ALGORITHMS,
  hashLabelList,
  isHashAlgorithm,
} from './hash-algorithms.js';
import { requestPayloads } from './ipc-contract.js';

describe('the hash-algorithm table', () => {
  it('names algorithms Node can hash, with the digest length Node produces', () => {
    for (const a of HASH_ALGORITHMS) {
      expect(getHashes()).toContain(a.name);
      expect(createHash(a.name).update('imprint').digest('hex')).toHaveLength(a.hexLength);
    }
  });

  it('tells an algorithm by its digest length, each length belonging to one algorithm', () => {
    expect(new Set(HASH_ALGORITHMS.map((a) => a.hexLength)).size).toBe(HASH_ALGORITHMS.length);
    expect(algorithmForHexLength(64)).toBe('sha256');
    expect(algorithmForHexLength(32)).toBe('md5');
    expect(algorithmForHexLength(63)).toBeNull();
  });

  it('defaults to SHA-256 and lists the accepted ones for messages', () => {
    expect(DEFAULT_HASH_ALGORITHM).toBe('sha256');
    expect(hashLabelList()).toBe('MD5, SHA-1, SHA-256 or SHA-512');
    expect(isHashAlgorithm('sha1')).toBe(true);
    expect(isHashAlgorithm('crc32')).toBe(false);
  });

  it('is what the window may ask for: image:hash accepts exactly these names', () => {
    for (const algorithm of HASH_ALGORITHM_NAMES) {
      expect(requestPayloads['image:hash']({ imageId: 'i', algorithm })).toEqual({ imageId: 'i', algorithm });
    }
    expect(() => requestPayloads['image:hash']({ imageId: 'i', algorithm: 'crc32' }, 'image:hash')).toThrow(/image:hash\.algorithm/);
  });
});
