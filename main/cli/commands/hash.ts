import { basename } from 'node:path';
import { ImprintError } from '../../../app/errors.js';
import {
  algorithmForHex,
  findChecksumSidecar,
  findEntry,
  hashFile,
  normalizeHex,
  parseSums,
  readChecksumFile,
  type Algorithm,
} from '../../engine/checksum.js';
import type { Command } from '../command.js';
import { flag, parse, stringOption } from '../parse.js';
import { printJson, reportError, usageError } from '../output.js';

const USAGE = `Usage: imprint hash <image> [options]

Computes the checksum of the image file as downloaded (not of the decoded disk inside it) and,
when an expected value is known, compares it. Without --expect or --sums, a checksum file next to
the image (<image>.sha256, SHA256SUMS, *CHECKSUM*) is used when one names the image.
  -a, --algorithm <name>  sha256 (default), sha512, sha1 or md5; implied by --expect/--sums
      --expect <hex>      the checksum the publisher gives
      --sums <file>       a checksum file (GNU sha256sum, BSD "SHA256 (name) = hex", or bare hex)
      --json              print the result as one JSON object

Exit status: 0 the checksum matches (or nothing to compare), 2 it does not match or the sums
file has no line for the image (a refusal to trust the file, as for "flash"), 1 the image
cannot be read.`;

const ALGORITHMS: readonly Algorithm[] = ['sha256', 'sha512', 'sha1', 'md5'];

export interface Expectation {
  hex: string;
  algorithm: Algorithm;
  /** Where the expected value came from: "--expect", or a sums file's path. */
  from: string;
}

/** The expected checksum from --expect, --sums or (when `sidecar`) a checksum file next to the image. */
export async function expectedChecksum(
  image: string,
  options: { expect?: string; sums?: string; sidecar: boolean },
): Promise<Expectation | null> {
  if (options.expect !== undefined) {
    const hex = normalizeHex(options.expect);
    const algorithm = hex ? algorithmForHex(hex) : null;
    if (!hex || !algorithm) throw usageError('--expect needs an MD5, SHA-1, SHA-256 or SHA-512 hex string.');
    return { hex, algorithm, from: '--expect' };
  }
  const sumsPath = options.sums ?? (options.sidecar ? await findChecksumSidecar(image) : null);
  if (sumsPath === null) return null;
  // A regular file of at most 1 MiB, checked before it is read: a FIFO or /dev/zero is refused.
  const text = await readChecksumFile(sumsPath);
  const entry = findEntry(parseSums(text), basename(image));
  const algorithm = entry ? (entry.algorithm ?? algorithmForHex(entry.hex)) : null;
  if (!entry || !algorithm) {
    throw new ImprintError('E_CHECKSUM_MISMATCH', { path: image, detail: `${basename(sumsPath)} has no checksum for ${basename(image)}` });
  }
  return { hex: entry.hex, algorithm, from: sumsPath };
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
      if (chosen !== undefined && !ALGORITHMS.includes(chosen as Algorithm)) {
        throw usageError(`--algorithm must be one of ${ALGORITHMS.join(', ')}.`);
      }
      const expect = stringOption(parsed, 'expect');
      const sums = stringOption(parsed, 'sums');
      const expected = await expectedChecksum(image, { expect, sums, sidecar: true });
      if (expected && chosen !== undefined && chosen !== expected.algorithm) {
        throw usageError(`--algorithm ${chosen} does not match the expected ${expected.algorithm} checksum.`);
      }
      const algorithm = expected?.algorithm ?? (chosen as Algorithm | undefined) ?? 'sha256';
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
