// The window's checksum requests, answered with the engine's checksum module (a sums file without
// the image's line is E_CHECKSUM_NOT_LISTED there, as for the CLI).

import type { HashAlgorithm } from '../../app/hash-algorithms.js';
import type { HashReport } from '../../app/ipc-contract.js';
import { checkAgainstSumsFile, findChecksumSidecar, hashFile, normalizeHex } from '../engine/checksum.js';

export { findChecksumSidecar };

export async function hashImage(path: string, algorithm: HashAlgorithm, expected: string | undefined): Promise<HashReport> {
  const hex = await hashFile(path, algorithm);
  const wanted = expected === undefined || expected.trim() === '' ? null : normalizeHex(expected);
  return { algorithm, hex, matches: expected === undefined || expected.trim() === '' ? null : wanted === hex };
}

export async function checkSumsFile(path: string, sumsPath: string): Promise<HashReport> {
  const check = await checkAgainstSumsFile(path, sumsPath);
  return { algorithm: check.algorithm, hex: check.actual, matches: check.matches };
}
