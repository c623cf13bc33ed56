// The exact shape of every answer and event, as validators (app/validate.ts): an unknown key or a
// wrong type fails with the name of the field. The compiler checks the fake's types; these check
// what actually crosses, from the real service and the fake alike (a path where only a name may go,
// a field the fake forgot, an undefined where the contract says null).

import { ACKNOWLEDGEMENT_CODES } from '../../../app/acknowledgement.js';
import { errorData } from '../../../app/errors.js';
import { arrayOf, bool, literal, object, optional, str, ValidationError, type Validator } from '../../../app/validate.js';

export const num: Validator<number> = (v, field = '') => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(field, 'a finite number');
  return v;
};

export const nullable =
  <T>(inner: Validator<T>): Validator<T | null> =>
  (v, field) =>
    v === null ? null : inner(v, field);

/** A file name, never a path: main keeps the paths (ARCHITECTURE.md). */
export const fileName: Validator<string> = (v, field = '') => {
  const name = str(255)(v, field);
  if (name === '' || name.includes('/') || name.includes('\\')) throw new ValidationError(field, 'a file name, not a path');
  return name;
};

const text = str(100_000);
const id = str(128);

/** An error's shape is app/errors.ts's own: a known code, bounded facts. */
export { errorData };

const bootSupport = object({ bios: bool, uefi: bool });
const partition = object({ index: num, type: text, start: num, size: num, name: text });

const imageInfo = object({
  path: fileName,
  size: num,
  sizeIsEstimate: bool,
  container: text,
  label: nullable(text),
  filesystems: arrayOf(text, 64),
  partitionTable: nullable(literal('mbr', 'gpt')),
  partitions: arrayOf(partition, 256),
  elTorito: nullable(bootSupport),
  usbBoot: bootSupport,
  windowsInstaller: bool,
  warnings: arrayOf(object({ code: text, message: text }), 64),
});

export const imageSummary = object({
  imageId: id,
  name: fileName,
  size: num,
  sizeIsEstimate: bool,
  container: text,
  info: nullable(imageInfo),
  inspectError: nullable(errorData),
  checksumSidecar: nullable(fileName),
});

export const recentImage = object({ recentId: id, name: fileName, folder: text });

const finding = object({
  code: text,
  severity: literal('refused', 'warning'),
  error: nullable(str(64)),
  message: text,
  detail: optional(text),
});

export const driveView = object({
  driveId: id,
  device: text,
  description: text,
  size: nullable(num),
  busType: text,
  isRemovable: bool,
  isVirtual: bool,
  isSystem: bool,
  isReadOnly: bool,
  volumes: arrayOf(object({ path: text, label: nullable(text) }), 256),
  verdict: object({ status: literal('ok', 'warning', 'refused'), findings: arrayOf(finding, 32) }),
});

export const settings = object({ verify: bool, eject: bool, showVirtualDrives: bool, showSystemDrives: bool });

export const hashReport = object({ algorithm: literal('sha256', 'sha512', 'sha1', 'md5'), hex: str(128), matches: nullable(bool) });

export const jobStarted = object({ jobId: id });

export const progress = object({
  phase: literal('preparing', 'writing', 'verifying', 'finishing'),
  bytes: num,
  total: num,
  speed: num,
  eta: nullable(num),
  targets: arrayOf(
    object({
      device: text,
      state: literal('pending', 'writing', 'verifying', 'done', 'verified', 'failed', 'cancelled'),
      bytes: num,
      error: optional(errorData),
    }),
    16,
  ),
});

export const jobResult = object({
  kind: optional(literal('flash', 'verify')),
  ok: bool,
  cancelled: bool,
  image: fileName,
  size: num,
  seconds: num,
  targets: arrayOf(
    object({
      device: text,
      ok: bool,
      written: bool,
      verified: bool,
      bytesWritten: num,
      writeSpeed: nullable(num),
      imageWritten: optional(literal('nothing', 'partly', 'all')),
      ejected: optional(bool),
      error: optional(errorData),
    }),
    16,
  ),
});

export const currentJob = object({
  jobId: id,
  kind: literal('flash', 'verify'),
  image: imageSummary,
  drives: arrayOf(driveView, 16),
  eject: bool,
  progress: nullable(progress),
});

export const jobProgressEvent = object({ jobId: id, progress });
export const jobResultEvent = object({ jobId: id, result: jobResult });

/** The acknowledgement codes a loop device needs: it is virtual, and not removable. */
export const LOOP_TICKS = ACKNOWLEDGEMENT_CODES.filter((c) => c === 'NOT_REMOVABLE' || c === 'VIRTUAL');
