// Messages between main (the supervisor) and the privileged writer: one JSON object per line.
// The writer trusts nothing it receives: every message is validated, and the job is judged again
// by the shared safety rules before any device is opened.

import type { DriveIdentity } from './drive.js';
import { errorData, type ErrorData } from './errors.js';
import type { JobResult, Progress } from './progress.js';
import { arrayOf, bool, literal, object, str, ValidationError, type Validator } from './validate.js';

/**
 * A drive as the user chose it: its size and identity then. A drive that differs now (another stick
 * of the same size in the same port, a re-attached loop device) is refused (E_SIZE_CHANGED).
 */
export interface ExpectedDrive {
  size: number | null;
  identity: DriveIdentity;
}

/**
 * There is deliberately no "allow system drive" field: overriding the system-drive rule is for
 * `sudo imprint flash --allow-system-drive` only, never for the window or whoever drives the writer.
 */
export interface FlashJob {
  type: 'flash';
  image: string;
  devices: string[];
  /** One per device, in the same order. */
  expected: ExpectedDrive[];
  verify: boolean;
  eject: boolean;
}

export interface VerifyJob {
  type: 'verify';
  image: string;
  device: string;
  expected: ExpectedDrive;
}

export type WriterJob = FlashJob | VerifyJob;

export type ToWriter = { type: 'auth'; secret: string } | WriterJob | { type: 'cancel' };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'refused'; reason: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'result'; result: JobResult }
  | { type: 'error'; error: ErrorData };

const path = str(4096);

const nullable =
  <T>(inner: Validator<T>): Validator<T | null> =>
  (v, field) =>
    v === null ? null : inner(v, field);

const byteSize: Validator<number> = (v, field = '') => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ValidationError(field, 'a byte size');
  return v as number;
};

const identity: Validator<DriveIdentity> = object({
  mediaId: nullable(str(128)),
  devNumber: nullable(str(32)),
  serial: nullable(str(256)),
  wwn: nullable(str(256)),
});
const expectedDrive: Validator<ExpectedDrive> = object({ size: nullable(byteSize), identity });

const flashJob = object({
  type: literal('flash'),
  image: path,
  devices: arrayOf(path, 16),
  expected: arrayOf(expectedDrive, 16),
  verify: bool,
  eject: bool,
});
const verifyJob = object({ type: literal('verify'), image: path, device: path, expected: expectedDrive });
const auth = object({ type: literal('auth'), secret: str(256) });
const cancel = object({ type: literal('cancel') });

export function parseToWriter(line: string): ToWriter {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ValidationError('message', 'one JSON object per line');
  }
  const type = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  switch (type) {
    case 'auth':
      return auth(value, 'auth');
    case 'flash': {
      const job = flashJob(value, 'flash');
      if (job.expected.length !== job.devices.length) throw new ValidationError('flash.expected', 'one expected drive per device');
      return job;
    }
    case 'verify':
      return verifyJob(value, 'verify');
    case 'cancel':
      cancel(value, 'cancel');
      return { type: 'cancel' };
    default:
      throw new ValidationError('message.type', 'auth, flash, verify or cancel');
  }
}

/** Main's side: a writer message is checked for shape before it is believed. */
export function parseFromWriter(line: string): FromWriter {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || !('type' in value)) throw new ValidationError('message', 'an object with a type');
  const type = literal('ready', 'refused', 'progress', 'result', 'error')(value.type, 'type');
  const has = (key: string): boolean => key in value && typeof (value as Record<string, unknown>)[key] === 'object';
  if (type === 'progress' && !has('progress')) throw new ValidationError('progress', 'a progress object');
  if (type === 'result' && !has('result')) throw new ValidationError('result', 'a result object');
  if (type === 'error') {
    if (!has('error')) throw new ValidationError('error', 'an error object');
    // Its code and facts are what main words for the window (windowMessage): a known code, bounded strings.
    return { type, error: errorData((value as Record<string, unknown>).error, 'error') };
  }
  return value as FromWriter;
}
