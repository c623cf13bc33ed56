// One table of every failure Imprint can report. Errors cross process boundaries as data
// ({ code, message, device?, offset? }); the message is always looked up here, never built ad hoc.

import { ValidationError } from './validate.js';

export type ErrorCode =
  | 'E_USAGE'
  | 'E_IMAGE_NOT_FOUND'
  | 'E_IMAGE_UNREADABLE'
  | 'E_IMAGE_EMPTY'
  | 'E_IMAGE_CORRUPT'
  | 'E_IMAGE_TOO_LARGE'
  | 'E_DRIVE_NOT_FOUND'
  | 'E_NOT_A_DRIVE'
  | 'E_PARTITION'
  | 'E_SYSTEM_DRIVE'
  | 'E_SOURCE_DRIVE'
  | 'E_READ_ONLY'
  | 'E_TOO_SMALL'
  | 'E_SIZE_CHANGED'
  | 'E_NOT_CONFIRMED'
  | 'E_PERMISSION'
  | 'E_BUSY'
  | 'E_UNMOUNT_FAILED'
  | 'E_IO'
  | 'E_UNPLUGGED'
  | 'E_VERIFY_MISMATCH'
  | 'E_CANCELLED'
  | 'E_WRITER_DIED'
  | 'E_ELEVATION_DISMISSED'
  | 'E_ELEVATION_NO_AGENT'
  | 'E_ELEVATION_FAILED'
  // Elevation outcomes other than a dismissed prompt (issue 9): each has its own remedy.
  | 'E_ELEVATION_NOT_AUTHORIZED'
  | 'E_ELEVATION_NO_POLKIT'
  | 'E_ELEVATION_CANNOT_EXECUTE'
  | 'E_JOB_RUNNING'
  | 'E_UNKNOWN_ID'
  | 'E_INTERNAL'
  | 'E_IMAGE_PATH_NOT_FOUND'
  | 'E_IMAGE_NOT_BROWSABLE'
  | 'E_OUTPUT_EXISTS'
  | 'E_EXTRACT_CANCELLED'
  // Image formats and checksums (issue 4).
  | 'E_IMAGE_UNSUPPORTED'
  | 'E_ARCHIVE_NO_IMAGE'
  | 'E_ARCHIVE_MANY_IMAGES'
  | 'E_CHECKSUM_MISMATCH'
  | 'E_INSPECT_LIMIT'
  // Drives the rules could not clear (issue 9).
  | 'E_NOT_PHYSICAL'
  | 'E_SOURCE_UNKNOWN'
  // The image file itself (issue 9): only a regular file, read as the user who asked, unchanged.
  | 'E_IMAGE_NOT_A_FILE'
  | 'E_IMAGE_FORBIDDEN'
  | 'E_IMAGE_CHANGED'
  // A checksum file that is not a small regular file (issue 9).
  | 'E_CHECKSUM_FILE_UNUSABLE';

export interface ErrorContext {
  device?: string;
  path?: string;
  offset?: number;
  detail?: string;
}

type Template = (ctx: ErrorContext) => string;

const the = (device: string | undefined): string => (device ? device : 'the drive');

export const ERROR_MESSAGES: Record<ErrorCode, Template> = {
  E_USAGE: (c) => `${c.detail ?? 'Invalid command line.'} Run "imprint --help" for usage.`,
  E_IMAGE_NOT_FOUND: (c) => `The image ${c.path ?? ''} does not exist. Check the path and try again.`,
  E_IMAGE_UNREADABLE: (c) =>
    `The image ${c.path ?? ''} cannot be read${c.detail ? ` (${c.detail})` : ''}. Check that the file is readable and not a folder.`,
  E_IMAGE_EMPTY: (c) => `The image ${c.path ?? ''} is empty. The download is probably incomplete: download it again.`,
  E_IMAGE_CORRUPT: (c) =>
    `The image ${c.path ?? ''} is damaged${c.detail ? ` (${c.detail})` : ''}. Download it again and check its checksum.`,
  E_IMAGE_TOO_LARGE: (c) =>
    `The image ${c.path ?? ''} turned out larger than ${the(c.device)} while writing. Use a larger drive.`,
  E_DRIVE_NOT_FOUND: (c) =>
    `${the(c.device)} was not found. Check that it is plugged in; "imprint list" shows the drives Imprint can see.`,
  E_NOT_A_DRIVE: (c) =>
    `${the(c.device)} is not a drive${c.detail ? ` (${c.detail})` : ''}. Give a whole-disk device such as /dev/sdb; "imprint list" shows them.`,
  E_PARTITION: (c) =>
    `${the(c.device)} is a partition, not a whole drive${c.detail ? ` (it belongs to ${c.detail})` : ''}. Images are written to the whole drive: give the drive's device instead.`,
  E_SYSTEM_DRIVE: (c) =>
    `${the(c.device)} is a system drive${c.detail ? ` (${c.detail})` : ''}: writing to it would destroy the running system. Choose another drive. Only if you are certain, pass --allow-system-drive.`,
  E_SOURCE_DRIVE: (c) =>
    `${the(c.device)} holds the image file itself${c.detail ? ` (${c.detail})` : ''}. Copy the image to another drive first, or choose another target.`,
  E_READ_ONLY: (c) =>
    `${the(c.device)} is read-only. If it is an SD card, slide its lock switch to unlocked; otherwise choose another drive.`,
  E_TOO_SMALL: (c) => `${the(c.device)} is too small for this image${c.detail ? ` (${c.detail})` : ''}. Use a larger drive.`,
  E_SIZE_CHANGED: (c) =>
    `${the(c.device)} is no longer the drive that was chosen (${c.detail ?? 'its size or identity changed'}). Nothing was written. Choose the drive again.`,
  E_NOT_CONFIRMED: (c) =>
    `Writing to ${the(c.device)} was not confirmed${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Confirm it and try again (on the command line: answer yes, or pass --yes).`,
  E_PERMISSION: (c) =>
    `Imprint is not allowed to open ${the(c.device)}. Writing to drives needs administrator rights: run the command with sudo (or as Administrator on Windows).`,
  E_BUSY: (c) =>
    `${the(c.device)} is in use by another program${c.detail ? ` (${c.detail})` : ''}. Close programs that use it (file managers, terminals inside it) and try again.`,
  E_UNMOUNT_FAILED: (c) =>
    `A partition of ${the(c.device)} could not be unmounted${c.detail ? ` (${c.detail})` : ''}. Close files and programs that use it and try again. Nothing was written.`,
  E_IO: (c) =>
    `Writing to ${the(c.device)} failed${c.offset !== undefined ? ` at byte ${c.offset}` : ''}${c.detail ? ` (${c.detail})` : ''}. The drive may be faulty or full: try another port or another drive.`,
  E_UNPLUGGED: (c) => `${the(c.device)} was unplugged while in use. Plug it back in and flash again.`,
  E_VERIFY_MISMATCH: (c) =>
    `${the(c.device)} does not hold the image: the first difference is at byte ${c.offset ?? '?'}. The drive may be counterfeit or failing: flash again, and if it repeats, use another drive.`,
  E_CANCELLED: (c) => `Cancelled${c.device ? ` (${c.device})` : ''}${c.detail ? `: ${c.detail}` : ''}.`,
  E_WRITER_DIED: (c) =>
    `The writing process stopped unexpectedly while working on ${the(c.device)}${c.detail ? ` (${c.detail})` : ''}. The drive may hold an incomplete image: flash it again.`,
  E_ELEVATION_DISMISSED: () => 'Writing needs administrator rights and the password prompt was dismissed. Nothing was written. Flash again and confirm the prompt.',
  E_ELEVATION_NO_AGENT: () =>
    'Writing needs administrator rights, but no password prompt could be shown (no polkit authentication agent is running). Start your desktop\'s polkit agent, or run "sudo imprint flash …" from a terminal.',
  E_ELEVATION_FAILED: (c) =>
    `Imprint could not get administrator rights to write${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Run it from an administrator account, or use "sudo imprint flash …".`,
  E_ELEVATION_NOT_AUTHORIZED: (c) =>
    `Your account is not allowed to get administrator rights for writing${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Ask an administrator to allow it, or run "sudo imprint flash …" from an account that may use sudo.`,
  E_ELEVATION_NO_POLKIT: (c) =>
    `Writing needs administrator rights, but the polkit service that asks for them is not running${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Start it ("systemctl start polkit"), or run "sudo imprint flash …" from a terminal.`,
  E_ELEVATION_CANNOT_EXECUTE: (c) =>
    `Administrator rights were granted, but the writer could not be started${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Install Imprint system-wide (the .deb or .rpm package) rather than running it from a folder only you can read, or run "sudo imprint flash …".`,
  E_JOB_RUNNING: () => 'A flash or verify is already running. Wait for it to finish, or cancel it first.',
  E_UNKNOWN_ID: (c) => `${c.detail ?? 'That item'} is no longer available. Choose it again.`,
  E_INTERNAL: (c) => `Imprint hit an internal error${c.detail ? ` (${c.detail})` : ''}. Please report it.`,
  E_IMAGE_PATH_NOT_FOUND: (c) =>
    `There is no ${c.detail ?? 'file or folder'} "${c.path ?? ''}" inside the image. Run "imprint ls <image> [folder]" to see what it holds.`,
  E_IMAGE_NOT_BROWSABLE: (c) =>
    `The image ${c.path ?? ''} holds no ISO 9660, UDF or FAT file system that Imprint can open${c.detail ? ` (${c.detail})` : ''}. It can still be written to a drive; to look inside it, use a tool that knows its format.`,
  E_OUTPUT_EXISTS: (c) =>
    `${c.path ?? 'The output file'} already exists. Imprint does not overwrite files: choose another name, or delete the file first.`,
  E_EXTRACT_CANCELLED: (c) => `Cancelled. Nothing was extracted: the partly written ${c.path ?? 'file'} was removed.`,
  E_IMAGE_UNSUPPORTED: (c) => `The image ${c.path ?? ''} cannot be written as it is${c.detail ? `: ${c.detail}` : '.'}`,
  E_ARCHIVE_NO_IMAGE: (c) =>
    `The archive ${c.path ?? ''} holds no disk image${c.detail ? ` (${c.detail})` : ''}. Extract it and choose the image file yourself.`,
  E_ARCHIVE_MANY_IMAGES: (c) =>
    `The archive ${c.path ?? ''} holds several disk images${c.detail ? ` (${c.detail})` : ''}. Extract it and choose the one to write.`,
  E_CHECKSUM_MISMATCH: (c) =>
    `The image ${c.path ?? ''} does not match its expected checksum${c.detail ? ` (${c.detail})` : ''}. ${
      c.device ? `Nothing usable was written: ${c.device} was left without a partition table.` : 'Nothing was written.'
    } The download is damaged or not the file you meant: download it again.`,
  E_INSPECT_LIMIT: (c) =>
    `Only the start of the compressed image ${c.path ?? ''} was looked at${c.detail ? ` (${c.detail})` : ''}; what lies further in is not reported. Writing the image is not affected.`,
  E_NOT_PHYSICAL: (c) =>
    `${the(c.device)} is not a physical drive${c.detail ? ` (${c.detail})` : ''}: its data lives on other disks, another machine or memory. Give the physical drive, such as /dev/sdb; "imprint list" shows them.`,
  E_SOURCE_UNKNOWN: (c) =>
    `Imprint cannot rule out that ${the(c.device)} holds the image file${c.detail ? ` (${c.detail})` : ''}. Nothing was written. Copy the image to a folder on a local disk, such as your home folder, and try again.`,
  E_IMAGE_NOT_A_FILE: (c) =>
    `${c.path ?? 'The image'} is not an image file${c.detail ? ` (${c.detail})` : ''}. Nothing was read from it. Choose the image file itself: a regular file such as an .iso, .img or .img.xz.`,
  E_IMAGE_FORBIDDEN: (c) =>
    `The user ${c.detail ?? 'who asked'} may not read the image ${c.path ?? ''}. Imprint reads images with the rights of the user who asked, never as administrator: make the file readable by that user, or copy it into one of their folders. Nothing was written.`,
  E_IMAGE_CHANGED: (c) =>
    `The image file ${c.path ?? ''} changed while Imprint was using it${c.detail ? ` (${c.detail})` : ''}; nothing was verified. Let the download or copy finish, leave the file alone while Imprint works, and try again.`,
  E_CHECKSUM_FILE_UNUSABLE: (c) =>
    `The checksum file ${c.path ?? ''} cannot be used${c.detail ? ` (${c.detail})` : ''}. Nothing was checked. Give the small text file the publisher lists next to the image (such as SHA256SUMS or <image>.sha256).`,
};

/** An error as it crosses a process boundary. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  device?: string;
  offset?: number;
}

export function errorMessage(code: ErrorCode, ctx: ErrorContext = {}): string {
  return ERROR_MESSAGES[code](ctx);
}

export class ImprintError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, context: ErrorContext = {}) {
    super(errorMessage(code, context));
    this.name = 'ImprintError';
    this.code = code;
    this.context = context;
  }

  /** Rebuilds an error received from another process, keeping its message as sent. */
  static fromData(data: ErrorData): ImprintError {
    const error = new ImprintError(data.code, { device: data.device, offset: data.offset });
    error.message = data.message;
    return error;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message };
    if (this.context.device !== undefined) data.device = this.context.device;
    if (this.context.offset !== undefined) data.offset = this.context.offset;
    return data;
  }
}

/**
 * Any thrown value as it crosses a process boundary: an ImprintError as it is, a payload that
 * failed validation as a usage error, anything else as an internal error with its message kept.
 */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof ImprintError) return error.toData();
  if (error instanceof ValidationError) return new ImprintError('E_USAGE', { detail: `Invalid request: ${error.message}.` }).toData();
  return new ImprintError('E_INTERNAL', { detail: error instanceof Error ? error.message : String(error) }).toData();
}

export function isImprintError(value: unknown): value is ImprintError {
  return value instanceof ImprintError;
}
