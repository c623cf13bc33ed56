import { expect } from 'vitest';
import type { HashAlgorithm } from '../../../../app/ipc-contract.js';
import { answer, refusal } from '../expect.js';
import { hashReport, nullable } from '../shapes.js';
import type { Scenario } from '../world.js';
import { pick } from './steps.js';

const ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sha512', 'sha1', 'md5'];

export const checksumScenarios: Scenario[] = [
  {
    name: 'checksums: each algorithm on request; a pasted value matches or not; nothing pasted compares nothing',
    async run(world) {
      const { api } = world;
      const { imageId } = await pick(world, world.image.path);
      const { digests } = world.image;
      for (const algorithm of ALGORITHMS) {
        expect(answer(await api.hashImage(imageId, algorithm), hashReport)).toEqual({ algorithm, hex: digests[algorithm], matches: null });
      }
      expect(answer(await api.hashImage(imageId, 'sha256', ` ${digests.sha256.toUpperCase()} `), hashReport).matches).toBe(true);
      expect(answer(await api.hashImage(imageId, 'sha256', '0'.repeat(64)), hashReport).matches).toBe(false);
      expect(answer(await api.hashImage(imageId, 'md5', digests.md5), hashReport).matches).toBe(true);
      expect(answer(await api.hashImage(imageId, 'sha256', '  '), hashReport).matches).toBeNull();
    },
  },
  {
    name: 'checksums: a checksum file matches, does not match, does not list the image, is not there; a dismissed dialog answers null',
    async run(world) {
      const { api } = world;
      const { imageId } = await pick(world, world.image.path);
      const { sha256 } = world.image.digests;
      const check = () => api.checkSumsFile(imageId);
      world.chooseSumsFile('matching');
      expect(answer(await check(), nullable(hashReport))).toEqual({ algorithm: 'sha256', hex: sha256, matches: true });
      world.chooseSumsFile('mismatching');
      expect(answer(await check(), nullable(hashReport))).toEqual({ algorithm: 'sha256', hex: sha256, matches: false });
      world.chooseSumsFile('notListing');
      refusal(await check(), 'E_CHECKSUM_NOT_LISTED');
      world.chooseSumsFile('missing');
      refusal(await check(), 'E_CHECKSUM_FILE_UNUSABLE');
      world.chooseSumsFile(null);
      expect(answer(await check(), nullable(hashReport))).toBeNull();
      world.chooseSumsFile('matching');
      refusal(await api.checkSumsFile('image-never-issued'), 'E_UNKNOWN_ID');
    },
  },
];
