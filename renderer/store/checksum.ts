// Reading what the user pasted as an expected checksum: pure, so the rules are pinned by tests.

import { algorithmForHexLength, type HashAlgorithm } from '../../app/hash-algorithms.js';

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
  const known = words.filter((w) => algorithmForHexLength(w.length) !== null);
  const hex = known.length === 1 ? known[0] : undefined;
  if (hex === undefined) return null;
  const algorithm = algorithmForHexLength(hex.length);
  return algorithm === null ? null : { algorithm, hex: hex.toLowerCase() };
}
