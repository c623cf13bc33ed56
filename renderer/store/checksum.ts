// Reading what the user pasted as an expected checksum: pure, so the rules are pinned by tests.

import type { HashAlgorithm } from '../../app/ipc-contract.js';

const BY_LENGTH: Record<number, HashAlgorithm> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

export interface ExpectedChecksum {
  algorithm: HashAlgorithm;
  hex: string;
}

/**
 * Accepts the value alone or a line copied from a sums file ("<hex>  name.iso", "SHA256 (x) = <hex>"):
 * the one hex word of a known digest length is the checksum.
 */
export function parseExpectedChecksum(text: string): ExpectedChecksum | null {
  const words = text.trim().split(/[\s=()*]+/).filter((w) => /^[0-9a-fA-F]+$/.test(w));
  const known = words.filter((w) => BY_LENGTH[w.length] !== undefined);
  const hex = known.length === 1 ? known[0] : undefined;
  if (hex === undefined) return null;
  const algorithm = BY_LENGTH[hex.length];
  return algorithm === undefined ? null : { algorithm, hex: hex.toLowerCase() };
}
