// How the CLI reports: human text on a terminal, or one JSON object per line with --json.

import { ImprintError, toErrorData, type ErrorCode } from '../../app/errors.js';
import { EXIT, type CliContext } from './command.js';

/** Errors where nothing was attempted because the request itself was refused. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_USAGE',
  'E_IMAGE_NOT_FOUND',
  'E_IMAGE_EMPTY',
  'E_DRIVE_NOT_FOUND',
  'E_NOT_A_DRIVE',
  'E_PARTITION',
  'E_SYSTEM_DRIVE',
  'E_SOURCE_DRIVE',
  'E_SOURCE_UNKNOWN',
  'E_NOT_PHYSICAL',
  'E_READ_ONLY',
  'E_TOO_SMALL',
  'E_SIZE_CHANGED',
  'E_NOT_CONFIRMED',
  // Image formats and checksums (issue 4): the image was refused before anything was written.
  'E_IMAGE_UNSUPPORTED',
  'E_ARCHIVE_NO_IMAGE',
  'E_ARCHIVE_MANY_IMAGES',
  'E_CHECKSUM_MISMATCH',
  // The image file itself (issue 9): refused before a byte of it was read.
  'E_IMAGE_NOT_A_FILE',
  'E_IMAGE_FORBIDDEN',
  // A --sums file that is not a small regular file: refused before the image is read (issue 9).
  'E_CHECKSUM_FILE_UNUSABLE',
  // Issue 10: a checksum file without the image's line is a refusal to trust the image, like a
  // mismatch (nothing was checked, nothing written); a request main cannot accept starts nothing.
  // E_OUTPUT_WRITE_FAILED (extract's output file) is an I/O failure: exit 1.
  'E_CHECKSUM_NOT_LISTED',
  'E_BAD_REQUEST',
]);

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'E_VERIFY_MISMATCH') return EXIT.mismatch;
  return REFUSALS.has(code) ? EXIT.refused : EXIT.failed;
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Reports an error the way the caller asked for, and returns the exit code. */
export function reportError(ctx: CliContext, error: unknown, json: boolean): number {
  const data = toErrorData(error);
  if (json) printJson(ctx, { type: 'error', ...data });
  else ctx.stderr.write(`error: ${data.message}\n`);
  return exitCodeFor(data.code);
}

export function usageError(detail: string): ImprintError {
  return new ImprintError('E_USAGE', { detail });
}
