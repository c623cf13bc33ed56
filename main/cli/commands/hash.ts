import { ImprintError } from '../../../app/errors.js';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHM_NAMES, hashLabelList, isHashAlgorithm, type HashAlgorithm } from '../../../app/hash-algorithms.js';
import { algorithmForHex, findChecksumSidecar, hashFile, lookUpSumsFile, normalizeHex, type ExpectedSum } from '../../engine/checksum.js';
import type { Command } from '../command.js';
import { flag, parse, stringOption } from '../parse.js';
import { printJson, reportError, usageError } from '../output.js';

const USAGE = `Usage: imprint hash <image> [options]

Computes the checksum of the image file as downloaded (not of the decoded disk inside it) and,
when an expected value is known, compares it. Without --expect or --sums, a checksum file next to
the image (<image>.sha256, SHA256SUMS, *CHECKSUM*) is used when one names the image.
  -a, --algorithm <name>  ${HASH_ALGORITHM_NAMES.join(', ')} (default ${DEFAULT_HASH_ALGORITHM}); implied by --expect/--sums
      --expect <hex>      the checksum the publisher gives
      --sums <file>       a checksum file (GNU sha256sum, BSD "SHA256 (name) = hex", or bare hex)
      --json              print the result as one JSON object

Exit status: 0 the checksum matches (or nothing to compare), 2 it does not match
(E_CHECKSUM_MISMATCH) or the sums file has no line for the image (E_CHECKSUM_NOT_LISTED): a
refusal to trust the file, as for "flash"; 1 the image cannot be read.`;

/** The expected checksum; `from` is "--expect", or the sums file's path. */
export type Expectation = ExpectedSum;

/** The expected checksum from --expect, --sums or (when `sidecar`) a checksum file next to the image. */
export async function expectedChecksum(
  image: string,
  options: { expect?: string; sums?: string; sidecar: boolean },
): Promise<Expectation | null> {
  if (options.expect !== undefined) {
    const hex = normalizeHex(options.expect);
    const algorithm = hex ? algorithmForHex(hex) : null;
    if (!hex || !algorithm) throw usageError(`--expect needs an ${hashLabelList()} hex string.`);
    return { hex, algorithm, from: '--expect' };
  }
  const sumsPath = options.sums ?? (options.sidecar ? await findChecksumSidecar(image) : null);
  return sumsPath === null ? null : lookUpSumsFile(image, sumsPath);
}

/** Hashes the image and throws E_CHECKSUM_MISMATCH when it differs from the expectation. */
export async function requireChecksum(image: string, expected: Expectation, signal?: AbortSignal): Promise<string> {
  const actual = await hashFile(image, expected.algorithm, signal);
  if (actual !== expected.hex) {
    throw new ImprintError('E_CHECKSUM_MISMATCH', {
      path: image,
      detail: `${expected.algorithm} is ${actual}, ${expected.from} expects ${expected.hex}`,
    });
  }
  return actual;
}

export const hashCommand: Command = {
  name: 'hash',
  summary: 'checksum an image file and compare it with the published value',
  usage: USAGE,
  async run(argv, ctx) {
    const parsed = parse(argv, {
      algorithm: { type: 'string', short: 'a' },
      expect: { type: 'string' },
      sums: { type: 'string' },
      json: { type: 'boolean' },
    });
    const json = flag(parsed, 'json');
    try {
      const [image, ...extra] = parsed.positionals;
      if (!image || extra.length > 0) throw usageError('hash needs exactly one image.');
      const chosen = stringOption(parsed, 'algorithm')?.toLowerCase();
      if (chosen !== undefined && !isHashAlgorithm(chosen)) {
        throw usageError(`--algorithm must be one of ${HASH_ALGORITHM_NAMES.join(', ')}.`);
      }
      const expect = stringOption(parsed, 'expect');
      const sums = stringOption(parsed, 'sums');
      const expected = await expectedChecksum(image, { expect, sums, sidecar: true });
      if (expected && chosen !== undefined && chosen !== expected.algorithm) {
        throw usageError(`--algorithm ${chosen} does not match the expected ${expected.algorithm} checksum.`);
      }
      const algorithm: HashAlgorithm = expected?.algorithm ?? chosen ?? DEFAULT_HASH_ALGORITHM;
      const actual = expected ? await requireChecksum(image, expected, ctx.signal) : await hashFile(image, algorithm, ctx.signal);
      if (json) printJson(ctx, { type: 'hash', image, algorithm, hash: actual, expected: expected?.hex ?? null, from: expected?.from ?? null, matches: expected ? true : null });
      else {
        ctx.stdout.write(`${algorithm}  ${actual}  ${image}\n`);
        if (expected) ctx.stdout.write(`matches ${expected.from === '--expect' ? 'the expected checksum' : expected.from}\n`);
      }
      return 0;
    } catch (error) {
      return reportError(ctx, error, json);
    }
  },
};
