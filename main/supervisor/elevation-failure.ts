// What an elevation helper's exit means. Each outcome gets its own error and remedy: a prompt the
// user dismissed is not the same as an account polkit refuses, a polkit that is not running, or a
// writer root cannot start (an AppImage's FUSE mount, a home folder root cannot read). Anything
// unrecognised is a plain failure, never "dismissed". Pure, tested with the helpers' real texts.

import { assertNever } from '../../app/assert-never.js';
import { ImprintError } from '../../app/errors.js';

export type ElevationFailure = 'dismissed' | 'no-agent' | 'no-polkit' | 'not-authorized' | 'cannot-execute' | 'failed';

/** The line of `text` that matches, for the error's detail. */
function lineOf(text: string, pattern: RegExp): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => pattern.test(l));
}

function lastLine(text: string): string | undefined {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && l !== 'This incident has been reported.')
      .pop() || undefined
  );
}

// pkexec (polkit 121+, src/programs/pkexec.c) exits 126 only when the dialog was dismissed; 127
// covers everything else it refuses or fails at, told apart by what it printed.
const PKEXEC_NO_AGENT = /No authentication agent found|Authorization requires authentication but no authentication/;
const PKEXEC_NO_POLKIT = /^Error getting authority:/;
const PKEXEC_NOT_AUTHORIZED = /as another user: Not authorized|^Not authorized\.?$/;
// The program could not be found, stat'ed or executed as root, or root could not enter the home folder.
const PKEXEC_CANNOT_EXECUTE =
  /^(Cannot run program |Error accessing |Error getting information about |Error executing (?!command as another user)|Error changing to home directory )/;

/** Null when pkexec itself did not fail (the writer ran; its own exit code is its business). */
export function pkexecFailure(exitCode: number | null, stderr: string): ElevationFailure | null {
  if (exitCode === 126) return 'dismissed';
  if (exitCode !== 127) return null;
  const lines = stderr.split('\n');
  const has = (pattern: RegExp): boolean => lines.some((l) => pattern.test(l.trim()));
  if (has(PKEXEC_NO_AGENT)) return 'no-agent';
  if (has(PKEXEC_NO_POLKIT)) return 'no-polkit';
  if (has(PKEXEC_NOT_AUTHORIZED)) return 'not-authorized';
  if (has(PKEXEC_CANNOT_EXECUTE)) return 'cannot-execute';
  return 'failed';
}

/**
 * osascript exits 1 for every AppleScript error; the error number tells them apart: -128
 * userCanceledErr and -60006 errAuthorizationCanceled (the prompt was cancelled), -60005
 * errAuthorizationDenied (wrong password three times, or not an administrator).
 */
export function osascriptFailure(exitCode: number | null, stderr: string): ElevationFailure | null {
  if (exitCode === 0) return null;
  if (/\((-128|-60006)\)/.test(stderr)) return 'dismissed';
  if (/\(-60005\)/.test(stderr)) return 'not-authorized';
  return 'failed';
}

/** PowerShell's Start-Process -Verb RunAs: a declined UAC prompt is "The operation was canceled by the user." */
export function uacFailure(exitCode: number | null, stderr: string): ElevationFailure | null {
  if (exitCode === 0) return null;
  if (/canceled by the user/i.test(stderr)) return 'dismissed';
  return 'failed';
}

export function elevationError(failure: ElevationFailure, stderr: string): ImprintError {
  switch (failure) {
    case 'dismissed':
      return new ImprintError('E_ELEVATION_DISMISSED');
    case 'no-agent':
      return new ImprintError('E_ELEVATION_NO_AGENT');
    case 'no-polkit':
      return new ImprintError('E_ELEVATION_NO_POLKIT', { detail: lineOf(stderr, PKEXEC_NO_POLKIT) });
    case 'not-authorized':
      return new ImprintError('E_ELEVATION_NOT_AUTHORIZED', { detail: lineOf(stderr, /Not authorized|\(-60005\)/) });
    case 'cannot-execute':
      return new ImprintError('E_ELEVATION_CANNOT_EXECUTE', { detail: lineOf(stderr, PKEXEC_CANNOT_EXECUTE) });
    case 'failed':
      return new ImprintError('E_ELEVATION_FAILED', { detail: lastLine(stderr) });
    default:
      return assertNever(failure);
  }
}
