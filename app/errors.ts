// One table of every failure Imprint can report. Per code: the fact (what happened, the same words
// on every surface) and the next step, which differs where the remedy does: the command line offers
// flags, commands and sudo; the window offers its buttons, settings and "choose another drive".
// Errors cross process boundaries as data (code and facts: device, path, offset, detail, plus the
// command line's message); each edge renders the words for its own surface from the facts, so a
// message is always looked up here, never built ad hoc.

import { literal, object, optional, str, ValidationError, type Validator } from './validate.js';

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
  | 'E_CHECKSUM_FILE_UNUSABLE'
  // Each surface speaks its own words (issue 10): failures that had borrowed another code.
  | 'E_BAD_REQUEST'
  | 'E_CHECKSUM_NOT_LISTED'
  | 'E_OUTPUT_WRITE_FAILED';

export interface ErrorContext {
  device?: string;
  path?: string;
  offset?: number;
  detail?: string;
}

/** Who reads the message: someone at a terminal, or someone in front of Imprint's window. */
export type Surface = 'cli' | 'window';

type Template = (ctx: ErrorContext) => string;

interface Entry {
  /** What happened: shared by every surface. */
  fact: Template;
  /** What to do next: shared, or per surface where the remedy is surface-specific. */
  next?: Template | Record<Surface, Template>;
}

const the = (device: string | undefined): string => (device ? device : 'the drive');
/** "The image /path/x.iso", or just "The image" when the path is not known. */
const named = (noun: string, path: string | undefined): string => (path ? `${noun} ${path}` : noun);
const paren = (detail: string | undefined, before = ''): string => (detail ? ` (${before}${detail})` : '');
const say =
  (text: string): Template =>
  () =>
    text;

const ERRORS: Record<ErrorCode, Entry> = {
  E_USAGE: {
    fact: (c) => c.detail ?? 'The request is not valid.',
    next: { cli: say('Run "imprint --help" for usage.'), window: say('This is a fault in Imprint: please report it.') },
  },
  E_BAD_REQUEST: {
    fact: (c) => `Imprint's window sent a request the app cannot accept${paren(c.detail)}. Nothing was done.`,
    next: say('This is a fault in Imprint: please report it.'),
  },
  E_IMAGE_NOT_FOUND: {
    fact: (c) => `${named('The image', c.path)} does not exist.`,
    next: { cli: say('Check the path and try again.'), window: say('It may have been moved, renamed or deleted: choose it again.') },
  },
  E_IMAGE_UNREADABLE: {
    fact: (c) => `${named('The image', c.path)} cannot be read${paren(c.detail)}.`,
    next: say('Check that the file is readable and not a folder.'),
  },
  E_IMAGE_EMPTY: {
    fact: (c) => `${named('The image', c.path)} is empty.`,
    next: say('The download is probably incomplete: download it again.'),
  },
  E_IMAGE_CORRUPT: {
    fact: (c) => `${named('The image', c.path)} is damaged${paren(c.detail)}.`,
    next: say('Download it again and check its checksum.'),
  },
  E_IMAGE_TOO_LARGE: {
    fact: (c) => `${named('The image', c.path)} turned out larger than ${the(c.device)} while writing.`,
    next: say('Use a larger drive.'),
  },
  E_DRIVE_NOT_FOUND: {
    fact: (c) => `${the(c.device)} was not found.`,
    next: {
      cli: say('Check that it is plugged in; "imprint list" shows the drives Imprint can see.'),
      window: say('Check that it is plugged in, then choose it again in the list of drives.'),
    },
  },
  E_NOT_A_DRIVE: {
    fact: (c) => `${the(c.device)} is not a drive${paren(c.detail)}.`,
    next: { cli: say('Give a whole-disk device such as /dev/sdb; "imprint list" shows them.'), window: say('Choose another drive.') },
  },
  E_PARTITION: {
    fact: (c) => `${the(c.device)} is a partition, not a whole drive${paren(c.detail, 'it belongs to ')}.`,
    next: {
      cli: say("Images are written to the whole drive: give the drive's device instead."),
      window: say('Images are written to the whole drive: choose the drive itself.'),
    },
  },
  E_SYSTEM_DRIVE: {
    fact: (c) => `${the(c.device)} is a system drive${paren(c.detail)}: writing to it would destroy the running system.`,
    // The window has no override, by design (app/writer-protocol.ts): only the command line offers one.
    next: { cli: say('Choose another drive. Only if you are certain, pass --allow-system-drive.'), window: say('Choose another drive.') },
  },
  E_SOURCE_DRIVE: {
    fact: (c) => `${the(c.device)} holds the image file itself${paren(c.detail)}.`,
    next: say('Copy the image to another drive first, or choose another target.'),
  },
  E_READ_ONLY: {
    fact: (c) => `${the(c.device)} is read-only.`,
    next: say('If it is an SD card, slide its lock switch to unlocked; otherwise choose another drive.'),
  },
  E_TOO_SMALL: {
    fact: (c) => `${the(c.device)} is too small for this image${paren(c.detail)}.`,
    next: say('Use a larger drive.'),
  },
  E_SIZE_CHANGED: {
    fact: (c) => `${the(c.device)} is no longer the drive that was chosen (${c.detail ?? 'its size or identity changed'}). Nothing was written.`,
    next: say('Choose the drive again.'),
  },
  E_NOT_CONFIRMED: {
    fact: (c) => `Writing to ${the(c.device)} was not confirmed${paren(c.detail)}. Nothing was written.`,
    next: {
      cli: say('Answer "yes" when asked, or pass --yes.'),
      window: say('Choose Write… again and confirm every point in the dialog.'),
    },
  },
  E_PERMISSION: {
    fact: (c) => `Imprint is not allowed to open ${the(c.device)}.`,
    next: {
      cli: say('Writing to drives needs administrator rights: run the command with sudo (or as Administrator on Windows).'),
      window: say('Writing to drives needs administrator rights: try again, and allow Imprint when it asks for your password.'),
    },
  },
  E_BUSY: {
    fact: (c) => `${the(c.device)} is in use by another program${paren(c.detail)}.`,
    next: {
      cli: say('Close programs that use it (file managers, terminals inside it) and try again.'),
      window: say('Close the programs and windows that use it (file managers, files open from it) and try again.'),
    },
  },
  E_UNMOUNT_FAILED: {
    fact: (c) => `A partition of ${the(c.device)} could not be unmounted${paren(c.detail)}.`,
    next: say('Close files and programs that use it and try again. Nothing was written.'),
  },
  E_IO: {
    fact: (c) => `Writing to ${the(c.device)} failed${c.offset !== undefined ? ` at byte ${c.offset}` : ''}${paren(c.detail)}.`,
    next: say('The drive may be faulty or full: try another port or another drive.'),
  },
  E_UNPLUGGED: {
    fact: (c) => `${the(c.device)} was unplugged while in use.`,
    next: { cli: say('Plug it back in and flash again.'), window: say('Plug it back in and write it again.') },
  },
  E_VERIFY_MISMATCH: {
    fact: (c) => `${the(c.device)} does not hold the image: the first difference is at byte ${c.offset ?? '?'}.`,
    next: say('The drive may be counterfeit or failing: write it again, and if it repeats, use another drive.'),
  },
  E_CANCELLED: { fact: (c) => `Cancelled${c.device ? ` (${c.device})` : ''}${c.detail ? `: ${c.detail}` : ''}.` },
  E_WRITER_DIED: {
    fact: (c) => `The writing process stopped unexpectedly while working on ${the(c.device)}${paren(c.detail)}.`,
    next: say('The drive may hold an incomplete image: write it again.'),
  },
  E_ELEVATION_DISMISSED: {
    fact: say('Writing needs administrator rights and the password prompt was dismissed. Nothing was written.'),
    next: say('Try again and confirm the prompt.'),
  },
  E_ELEVATION_NO_AGENT: {
    fact: say('Writing needs administrator rights, but no password prompt could be shown (no polkit authentication agent is running).'),
    next: {
      cli: say('Start your desktop\'s polkit agent, or run "sudo imprint flash …" from a terminal.'),
      window: say("Start your desktop's polkit authentication agent (log in to a full desktop session), then try again."),
    },
  },
  E_ELEVATION_FAILED: {
    fact: (c) => `Imprint could not get administrator rights to write${paren(c.detail)}. Nothing was written.`,
    next: {
      cli: say('Run it from an administrator account, or use "sudo imprint flash …".'),
      window: say('Try again from an administrator account.'),
    },
  },
  E_ELEVATION_NOT_AUTHORIZED: {
    fact: (c) => `Your account is not allowed to get administrator rights for writing${paren(c.detail)}. Nothing was written.`,
    next: {
      cli: say('Ask an administrator to allow it, or run "sudo imprint flash …" from an account that may use sudo.'),
      window: say('Ask an administrator to allow it, or use Imprint from an administrator account.'),
    },
  },
  E_ELEVATION_NO_POLKIT: {
    fact: (c) => `Writing needs administrator rights, but the polkit service that asks for them is not running${paren(c.detail)}. Nothing was written.`,
    next: {
      cli: say('Start it ("systemctl start polkit"), or run "sudo imprint flash …" from a terminal.'),
      window: say("Ask your computer's administrator to start the polkit service, then try again."),
    },
  },
  E_ELEVATION_CANNOT_EXECUTE: {
    fact: (c) => `Administrator rights were granted, but the writer could not be started${paren(c.detail)}. Nothing was written.`,
    next: {
      cli: say('Install Imprint system-wide (the .deb or .rpm package) rather than running it from a folder only you can read, or run "sudo imprint flash …".'),
      window: say('Install Imprint system-wide (the .deb or .rpm package) rather than running it from a folder only you can read.'),
    },
  },
  E_JOB_RUNNING: { fact: say('A flash or verify is already running.'), next: say('Wait for it to finish, or cancel it first.') },
  E_UNKNOWN_ID: { fact: (c) => `${c.detail ?? 'That item'} is no longer available.`, next: say('Choose it again.') },
  E_INTERNAL: { fact: (c) => `Imprint hit an internal error${paren(c.detail)}.`, next: say('Please report it.') },
  E_IMAGE_PATH_NOT_FOUND: {
    fact: (c) => `There is no ${c.detail ?? 'file or folder'} "${c.path ?? ''}" inside the image.`,
    next: { cli: say('Run "imprint ls <image> [folder]" to see what it holds.'), window: say('Check the name of the file or folder.') },
  },
  E_IMAGE_NOT_BROWSABLE: {
    fact: (c) => `${named('The image', c.path)} holds no ISO 9660, UDF or FAT file system that Imprint can open${paren(c.detail)}.`,
    next: say('It can still be written to a drive; to look inside it, use a tool that knows its format.'),
  },
  E_OUTPUT_EXISTS: {
    fact: (c) => `${c.path ?? 'The output file'} already exists.`,
    next: say('Imprint does not overwrite files: choose another name, or delete the file first.'),
  },
  E_OUTPUT_WRITE_FAILED: {
    fact: (c) => `Writing ${c.path ?? 'the output file'} failed${c.offset !== undefined ? ` at byte ${c.offset}` : ''}${paren(c.detail)}. No file was left behind.`,
    next: say('Check that its folder exists and may be written to, and that its disk has room, then try again.'),
  },
  E_EXTRACT_CANCELLED: { fact: (c) => `Cancelled. Nothing was extracted: the partly written ${c.path ?? 'file'} was removed.` },
  E_IMAGE_UNSUPPORTED: { fact: (c) => `${named('The image', c.path)} cannot be written as it is${c.detail ? `: ${c.detail.replace(/\.$/, '')}.` : '.'}` },
  E_ARCHIVE_NO_IMAGE: {
    fact: (c) => `${named('The archive', c.path)} holds no disk image${paren(c.detail)}.`,
    next: say('Extract it and choose the image file yourself.'),
  },
  E_ARCHIVE_MANY_IMAGES: {
    fact: (c) => `${named('The archive', c.path)} holds several disk images${paren(c.detail)}.`,
    next: say('Extract it and choose the one to write.'),
  },
  E_CHECKSUM_MISMATCH: {
    fact: (c) =>
      `${named('The image', c.path)} does not match its expected checksum${paren(c.detail)}. ${
        c.device ? `Nothing usable was written: ${c.device} was left without a partition table.` : 'Nothing was written.'
      }`,
    next: say('The download is damaged or not the file you meant: download it again.'),
  },
  E_CHECKSUM_NOT_LISTED: {
    // path: the checksum file; detail: the image's file name.
    fact: (c) => `${named('The checksum file', c.path)} has no checksum for ${c.detail ?? 'this image'}. Nothing was checked or written.`,
    next: {
      cli: say('Check that it is the checksum file published with this download, or give the checksum itself with --expect.'),
      window: say('Check that you chose the checksum file that came with this download, or paste the checksum itself.'),
    },
  },
  E_INSPECT_LIMIT: {
    fact: (c) => `Only the start of ${named('the compressed image', c.path)} was looked at${paren(c.detail)}; what lies further in is not reported.`,
    next: say('Writing the image is not affected.'),
  },
  E_NOT_PHYSICAL: {
    fact: (c) => `${the(c.device)} is not a physical drive${paren(c.detail)}: its data lives on other disks, another machine or memory.`,
    next: {
      cli: say('Give the physical drive, such as /dev/sdb; "imprint list" shows them.'),
      window: say('Choose the physical drive: the USB stick or card itself.'),
    },
  },
  E_SOURCE_UNKNOWN: {
    fact: (c) => `Imprint cannot rule out that ${the(c.device)} holds the image file${paren(c.detail)}. Nothing was written.`,
    next: say('Copy the image to a folder on a local disk, such as your home folder, and try again.'),
  },
  E_IMAGE_NOT_A_FILE: {
    fact: (c) => `${c.path ?? 'The image'} is not an image file${paren(c.detail)}. Nothing was read from it.`,
    next: say('Choose the image file itself: a regular file such as an .iso, .img or .img.xz.'),
  },
  E_IMAGE_FORBIDDEN: {
    fact: (c) => `The user ${c.detail ?? 'who asked'} may not read ${named('the image', c.path)}.`,
    next: say(
      'Imprint reads images with the rights of the user who asked, never as administrator: make the file readable by that user, or copy it into one of their folders. Nothing was written.',
    ),
  },
  E_IMAGE_CHANGED: {
    fact: (c) => `${named('The image file', c.path)} changed while Imprint was using it${paren(c.detail)}; nothing was verified.`,
    next: say('Let the download or copy finish, leave the file alone while Imprint works, and try again.'),
  },
  E_CHECKSUM_FILE_UNUSABLE: {
    fact: (c) => `${named('The checksum file', c.path)} cannot be used${paren(c.detail)}. Nothing was checked.`,
    next: {
      cli: say('Give the small text file the publisher lists next to the image (such as SHA256SUMS or <image>.sha256).'),
      window: say('Choose the small text file the publisher lists next to the image (such as SHA256SUMS, or one named after the image ending in .sha256).'),
    },
  },
};

/** Every code, in the table's order. */
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** What happened, in the words every surface shares. */
export function errorFact(code: ErrorCode, ctx: ErrorContext = {}): string {
  return ERRORS[code].fact(ctx);
}

/**
 * The whole message for one surface: the shared fact, then that surface's next step. The default is
 * the command line's words, which is also what an ImprintError's `message` holds.
 */
export function errorMessage(code: ErrorCode, ctx: ErrorContext = {}, surface: Surface = 'cli'): string {
  const { fact, next } = ERRORS[code];
  const step = next === undefined ? '' : typeof next === 'function' ? next(ctx) : next[surface](ctx);
  return step ? `${fact(ctx)} ${step}` : fact(ctx);
}

/** An error as it crosses a process boundary: its code and facts, so each edge can word it. */
export interface ErrorData {
  code: ErrorCode;
  /** In the command line's words (what --json prints and logs keep); the window uses windowMessage(). */
  message: string;
  device?: string;
  path?: string;
  offset?: number;
  detail?: string;
}

/** The facts of an error (ErrorData or a context), without the keys that are unset. */
export function contextOf(facts: ErrorContext): ErrorContext {
  const ctx: ErrorContext = {};
  if (facts.device !== undefined) ctx.device = facts.device;
  if (facts.path !== undefined) ctx.path = facts.path;
  if (facts.offset !== undefined) ctx.offset = facts.offset;
  if (facts.detail !== undefined) ctx.detail = facts.detail;
  return ctx;
}

/**
 * The message Imprint's window shows for an error, rebuilt from its code and facts (never the
 * command line's `message`, which may name flags and commands). A code this build does not know
 * (data from another version) is shown as an internal error naming it.
 */
export function windowMessage(data: ErrorData): string {
  if (!isErrorCode(data.code)) return errorMessage('E_INTERNAL', { detail: `unknown error ${String(data.code)}` }, 'window');
  return errorMessage(data.code, contextOf(data), 'window');
}

export class ImprintError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, context: ErrorContext = {}) {
    super(errorMessage(code, context, 'cli'));
    this.name = 'ImprintError';
    this.code = code;
    this.context = context;
  }

  /** Rebuilds an error received from another process, keeping its facts and its message as sent. */
  static fromData(data: ErrorData): ImprintError {
    const error = new ImprintError(data.code, contextOf(data));
    error.message = data.message;
    return error;
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message, ...contextOf(this.context) };
  }
}

const byteOffset: Validator<number> = (v, field = '') => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ValidationError(field, 'a byte offset');
  return v as number;
};

/**
 * The shape of an ErrorData received from another process (the writer): a known code and bounded
 * strings. The bounds are generous (a detail may quote a tool's stderr) but finite.
 */
export const errorData: Validator<ErrorData> = object({
  code: literal(...ERROR_CODES),
  message: str(16384),
  device: optional(str(4096)),
  path: optional(str(4096)),
  offset: optional(byteOffset),
  detail: optional(str(8192)),
});

/**
 * Any thrown value as it crosses a process boundary: an ImprintError as it is, a payload that
 * failed validation as a bad request (the window or the writer sent what main cannot accept: a
 * fault, not the user's), anything else as an internal error with its message kept.
 */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof ImprintError) return error.toData();
  if (error instanceof ValidationError) return new ImprintError('E_BAD_REQUEST', { detail: error.message }).toData();
  return new ImprintError('E_INTERNAL', { detail: error instanceof Error ? error.message : String(error) }).toData();
}

/**
 * Words that belong to the command line only: a flag, an "imprint <command>" line, sudo and
 * system commands, a terminal, a usage placeholder such as <image>. No text of the window may hold
 * one (the tests of app/errors, renderer/messages and main/electron's texts check every text).
 */
const COMMAND_LINE_WORDS: readonly RegExp[] = [
  /(?:^|[\s"'(“])(--?[a-z][a-z-]*)/gi,
  /\bimprint\s+(?:list|inspect|ls|extract|hash|flash|verify|help)\b/gi,
  /\bsudo\b|\bsystemctl\b|\brun as\b/gi,
  /\bterminals?\b|\bcommand[- ]line\b|\bcommand prompt\b|\bshell\b/gi,
  /<[a-z][a-z -]*>/gi,
];

/** The command-line words in a text that someone in front of the window would read, if any. */
export function commandLineWords(text: string): string[] {
  return COMMAND_LINE_WORDS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1] ?? m[0]));
}

export function isImprintError(value: unknown): value is ImprintError {
  return value instanceof ImprintError;
}
