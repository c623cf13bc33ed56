// The image file, opened once. Every pass (inspection, write, verify, hash) reads this one handle,
// so a file renamed or replaced after the checks cannot change what is written (the inode is
// pinned), and a file changed in place is noticed (checkUnchanged). Only regular files are taken:
// a drive, /dev/zero, a FIFO or a socket has no fixed content and is refused before a byte is read.

import { createHash } from 'node:crypto';
import { close as closeFd, closeSync, constants, fstat, fstatSync, openSync, read as readFd, statSync, type BigIntStats } from 'node:fs';
import { ImprintError, isImprintError } from '../../../app/errors.js';
import type { Algorithm } from '../checksum.js';
import { FileRangeReader, readAt, type PositionedFile } from './file-io.js';
import { asRealUser, describeUser, realUserFromEnv, type RealUser } from './real-user.js';

export interface ImageFileOptions {
  /** Whose rights open the file; by default the user root works for (PKEXEC_UID, SUDO_UID), if any. */
  asUser?: RealUser | null;
  /** For a file the user did not name directly: who names it ("game.cue names it as its data file"). */
  namedBy?: string;
}

/** The file as it was when opened: what identifies it, and what changes when its content does. */
export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  nlink: bigint;
}

/** Read-only; O_NONBLOCK so that a FIFO swapped in after the stat cannot hang the open; no controlling tty. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK || 0) | (constants.O_NOCTTY || 0);
const HASH_CHUNK = 4 * 1024 * 1024;

function notAFile(st: BigIntStats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'it is a folder';
  if (st.isBlockDevice()) return 'it is a drive, a block device: to copy a drive, make an image file of it first';
  if (st.isCharacterDevice()) return 'it is a character device like /dev/zero, with no fixed content';
  if (st.isFIFO()) return 'it is a named pipe, whose bytes can be read only once';
  if (st.isSocket()) return 'it is a socket';
  return 'it is not a regular file';
}

function openError(error: unknown, path: string, user: RealUser | null): ImprintError {
  if (isImprintError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImprintError('E_IMAGE_NOT_FOUND', { path });
  if ((code === 'EACCES' || code === 'EPERM') && user) return new ImprintError('E_IMAGE_FORBIDDEN', { path, detail: describeUser(user) });
  if (code === 'EACCES' || code === 'EPERM') return new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'permission denied' });
  if (code === 'ELOOP') return new ImprintError('E_IMAGE_UNREADABLE', { path, detail: 'its symbolic links form a loop' });
  return new ImprintError('E_IMAGE_UNREADABLE', { path, detail: code ?? String(error) });
}

/** Synchronous on purpose: it runs inside asRealUser, where nothing may wait (real-user.ts). */
function openRegular(path: string, user: RealUser | null, namedBy: string | undefined): { fd: number; st: BigIntStats } {
  const refuse = (st: BigIntStats): void => {
    const what = notAFile(st);
    if (what) throw new ImprintError('E_IMAGE_NOT_A_FILE', { path, detail: namedBy ? `${what}; ${namedBy}` : what });
  };
  let fd: number;
  try {
    // Refused before it is opened when possible: opening some devices has effects of its own.
    refuse(statSync(path, { bigint: true }));
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw openError(error, path, user);
  }
  try {
    // What was opened is what counts: the path may name something else since the stat.
    const st = fstatSync(fd, { bigint: true });
    refuse(st);
    if (st.size === 0n) throw new ImprintError('E_IMAGE_EMPTY', { path });
    return { fd, st };
  } catch (error) {
    closeSync(fd);
    throw openError(error, path, user);
  }
}

function defaultUser(path: string): RealUser | null {
  try {
    return realUserFromEnv();
  } catch (error) {
    if (isImprintError(error) && error.code === 'E_IMAGE_FORBIDDEN') throw new ImprintError('E_IMAGE_FORBIDDEN', { ...error.context, path });
    throw error;
  }
}

export class ImageFile implements PositionedFile {
  private closed = false;
  private inFlight = 0;
  private idle: (() => void) | null = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly stamp: FileStamp,
    /** The user whose rights opened it (files it names are opened with the same), or null. */
    readonly user: RealUser | null,
  ) {}

  /**
   * Opens `path` read-only as the user who asked, after checking it is a non-empty regular file:
   * E_IMAGE_NOT_FOUND, E_IMAGE_NOT_A_FILE, E_IMAGE_EMPTY, E_IMAGE_FORBIDDEN or E_IMAGE_UNREADABLE.
   */
  static open(path: string, options: ImageFileOptions = {}): Promise<ImageFile> {
    return new Promise((resolve) => {
      const user = options.asUser !== undefined ? options.asUser : defaultUser(path);
      const { fd, st } = asRealUser(user, () => openRegular(path, user, options.namedBy));
      resolve(new ImageFile(path, fd, { dev: st.dev, ino: st.ino, size: Number(st.size), mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, nlink: st.nlink }, user));
    });
  }

  get size(): number {
    return this.stamp.size;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    if (this.closed) return Promise.reject(new ImprintError('E_INTERNAL', { detail: `read from ${this.path} after it was closed` }));
    // A position past 2^53 (a hostile table's) throws before any read is queued: nothing is in flight then.
    if (!Number.isSafeInteger(position) || position < 0) return Promise.resolve({ bytesRead: 0 });
    this.inFlight += 1;
    return new Promise((resolve, reject) => {
      readFd(this.fd, buffer, offset, length, position, (error, bytesRead) => {
        this.settled();
        if (error) reject(new ImprintError('E_IMAGE_UNREADABLE', { path: this.path, detail: error.code ?? error.message }));
        else resolve({ bytesRead });
      });
    });
  }

  /** `length` bytes at `offset`; fewer only at the end of the file. */
  readAt(offset: number, length: number): Promise<Buffer> {
    return readAt(this, offset, length);
  }

  /** A sequential pass over [start, start + length); closing it leaves the file open. */
  reader(start = 0, length = Infinity, onBytes?: (bytes: Uint8Array) => void): FileRangeReader {
    return new FileRangeReader(this, start, length, onBytes);
  }

  /**
   * E_IMAGE_CHANGED when the file's content may have changed since it was opened: its size or
   * modification time differs, or its status-change time does (dates set back, permissions) while
   * its link count did not. A ctime change with the link count changed is the file being deleted,
   * or replaced by a rename onto its name: the open file keeps its content, so that passes. (A
   * change within one timestamp tick of the open, same size, is beyond fstat: the checksum sees it.)
   */
  async checkUnchanged(): Promise<void> {
    const now = await this.fstat();
    const was = this.stamp;
    let how: string | null = null;
    if (Number(now.size) !== was.size) how = `its size went from ${was.size} to ${now.size} bytes`;
    else if (now.mtimeNs !== was.mtimeNs) how = 'it was written to';
    else if (now.ctimeNs !== was.ctimeNs && now.nlink === was.nlink) how = 'it was renamed, or its dates or permissions were set';
    if (how) throw new ImprintError('E_IMAGE_CHANGED', { path: this.path, detail: how });
  }

  /** The checksum of the whole file, read through this handle (what is hashed is what was opened). */
  async hashFile(algorithm: Algorithm, signal?: AbortSignal): Promise<string> {
    const hash = createHash(algorithm);
    const buffer = Buffer.allocUnsafe(HASH_CHUNK);
    for (let position = 0; ; ) {
      if (signal?.aborted) throw new ImprintError('E_CANCELLED', { detail: 'the checksum was not computed' });
      const { bytesRead } = await this.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash.digest('hex');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A read or fstat still queued in libuv's pool names the descriptor by number: closing under it could
    // let the next open reuse the number and the read land in another file.
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await new Promise<void>((resolve, reject) => closeFd(this.fd, (error) => (error ? reject(error) : resolve())));
  }

  private settled(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.idle) this.idle();
  }

  private fstat(): Promise<BigIntStats> {
    if (this.closed) return Promise.reject(new ImprintError('E_INTERNAL', { detail: `fstat of ${this.path} after it was closed` }));
    this.inFlight += 1;
    return new Promise((resolve, reject) => {
      fstat(this.fd, { bigint: true }, (error, st) => {
        this.settled();
        if (error) reject(new ImprintError('E_IMAGE_UNREADABLE', { path: this.path, detail: error.code ?? error.message }));
        else resolve(st);
      });
    });
  }
}

/** What every source does with the files it holds: the one the user named first. */
export class HeldFiles {
  readonly files: readonly ImageFile[];

  constructor(
    readonly file: ImageFile,
    more: readonly ImageFile[] = [],
  ) {
    this.files = [file, ...more.filter((f) => f !== file)];
  }

  async checkUnchanged(): Promise<void> {
    for (const f of this.files) await f.checkUnchanged();
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()));
  }
}

/**
 * What every image source shares: the files it holds open for its whole life, the check that they
 * did not change, the checksum of the image file through its handle, and closing them.
 */
export abstract class HeldFileSource {
  readonly path: string;
  private readonly held: HeldFiles;

  constructor(
    readonly file: ImageFile,
    more: readonly ImageFile[] = [],
  ) {
    this.path = file.path;
    this.held = new HeldFiles(file, more);
  }

  checkUnchanged(): Promise<void> {
    return this.held.checkUnchanged();
  }

  hashFile(algorithm: Algorithm, signal?: AbortSignal): Promise<string> {
    return this.file.hashFile(algorithm, signal);
  }

  close(): Promise<void> {
    return this.held.close();
  }
}

/** Hashes the image file at `path`, opened once as the user who asked (imprint hash, the window). */
export async function hashImageFile(path: string, algorithm: Algorithm, signal?: AbortSignal): Promise<string> {
  const file = await ImageFile.open(path);
  try {
    return await file.hashFile(algorithm, signal);
  } finally {
    await file.close();
  }
}
