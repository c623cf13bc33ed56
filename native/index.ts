// Typed access to the native addon (native/src, built by `npm install` through node-gyp): aligned
// buffers for unbuffered I/O and the block-device calls Node has no API for.
//
// Every function exists on every platform; one the OS does not have throws an Error whose code is
// 'ENOSYS'. Failures of the OS call throw an Error shaped like Node's system errors:
// `code` ('EINVAL', 'ENOTTY', 'EACCES', …), `errno` (positive errno; the Win32 error code on
// Windows) and `syscall` ('ioctl BLKGETSIZE64'). Bad arguments throw TypeError/RangeError, code 'EINVAL'.
// The addon is loaded on first use, so importing this module never fails.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type NativePlatform = 'linux' | 'darwin' | 'win32' | 'unsupported';

/** The addon's exports, as native/src/addon.c registers them. */
export interface NativeAddon {
  readonly platform: NativePlatform;
  alignedOffset(arrayBuffer: ArrayBuffer, alignment: number): number;
  blockDeviceSize(fd: number): number;
  logicalSectorSize(fd: number): number;
  isReadOnly(fd: number): boolean;
  flushBuffers(fd: number): void;
  rereadPartitionTable(fd: number): void;
  setNoCache(fd: number, on: boolean): void;
  lockVolume(fd: number): void;
  dismountVolume(fd: number): void;
  diskSeq(fd: number): string;
  setDumpable(on: boolean): void;
  isDumpable(): boolean;
  acceptPipeClient(name: string, clientPid: number, timeoutMs: number): Promise<number>;
}

const FUNCTION_NAMES = [
  'alignedOffset',
  'blockDeviceSize',
  'logicalSectorSize',
  'isReadOnly',
  'flushBuffers',
  'rereadPartitionTable',
  'setNoCache',
  'lockVolume',
  'dismountVolume',
  'diskSeq',
  'setDumpable',
  'isDumpable',
  'acceptPipeClient',
] as const satisfies readonly (keyof NativeAddon)[];

/** An error thrown by an OS call inside the addon. */
export interface NativeSystemError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
}

export function isNativeSystemError(error: unknown): error is NativeSystemError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** The addon could not be loaded: not built, or built from older sources. */
export class NativeAddonError extends Error {
  constructor(
    message: string,
    readonly code: 'MODULE_NOT_FOUND' | 'E_NATIVE_OUTDATED',
    readonly tried: readonly string[],
  ) {
    super(message);
    this.name = 'NativeAddonError';
  }
}

const RELEASE_FILE = path.join('build', 'Release', 'imprint_native.node');

/**
 * Where the addon may be, first match wins:
 * - `<moduleDir>/build/Release/…`: this file run from source (vitest, tsc-run scripts);
 * - `<moduleDir>/../native/build/Release/…`: bundled into dist/*.js by esbuild, __dirname is dist/;
 * - `<resources>/app.asar.unpacked/native/build/Release/…`: packaged Electron, where electron-builder
 *   unpacks .node files because the OS cannot load a library from inside app.asar.
 */
export function addonCandidates(moduleDir: string | undefined, resourcesPath: string | undefined): string[] {
  const candidates: string[] = [];
  if (moduleDir !== undefined) {
    candidates.push(path.join(moduleDir, RELEASE_FILE), path.join(moduleDir, '..', 'native', RELEASE_FILE));
  }
  if (resourcesPath !== undefined) {
    candidates.push(path.join(resourcesPath, 'app.asar.unpacked', 'native', RELEASE_FILE));
  }
  return candidates;
}

// esbuild's CJS output and vitest's module runner both define __dirname; import.meta is not an
// option because tsc compiles this package as CommonJS. A plain ESM runtime has neither, and then
// only the packaged-Electron location is tried.
function moduleDirectory(): string | undefined {
  return typeof __dirname !== 'undefined' ? __dirname : undefined;
}

// Electron adds process.resourcesPath; plain Node does not have it.
function electronResourcesPath(): string | undefined {
  return 'resourcesPath' in process && typeof process.resourcesPath === 'string' ? process.resourcesPath : undefined;
}

let loaded: NativeAddon | undefined;

/** The addon, loaded on first call. Throws NativeAddonError when it is missing or out of date. */
export function loadAddon(): NativeAddon {
  if (loaded !== undefined) return loaded;
  const tried = addonCandidates(moduleDirectory(), electronResourcesPath());
  const file = tried.find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new NativeAddonError(
      `native addon not built: run npm install (looked for ${tried.join(', ') || 'imprint_native.node'})`,
      'MODULE_NOT_FOUND',
      tried,
    );
  }
  const addonExports: unknown = createRequire(file)(file);
  const missing = FUNCTION_NAMES.filter(
    (name) => typeof addonExports !== 'object' || addonExports === null || typeof Reflect.get(addonExports, name) !== 'function',
  );
  if (missing.length > 0) {
    throw new NativeAddonError(
      `native addon ${file} is out of date (no ${missing.join(', ')}): run npm install`,
      'E_NATIVE_OUTDATED',
      tried,
    );
  }
  loaded = addonExports as NativeAddon;
  return loaded;
}

/** The platform the addon was compiled for (process.platform spelling). */
export function nativePlatform(): NativePlatform {
  return loadAddon().platform;
}

/**
 * Offset of the first byte of `arrayBuffer` whose address is a multiple of `alignment` (a power of
 * two). RangeError when the buffer is too small to contain such an address.
 */
export function alignedOffset(arrayBuffer: ArrayBuffer, alignment: number): number {
  return loadAddon().alignedOffset(arrayBuffer, alignment);
}

/**
 * A zero-filled Buffer of `size` bytes whose memory starts at a multiple of `alignment`, as
 * unbuffered I/O (O_DIRECT, F_NOCACHE, FILE_FLAG_NO_BUFFERING) requires. Electron forbids
 * external-memory buffers, so this over-allocates a plain ArrayBuffer and views it from the
 * aligned offset.
 */
export function allocAligned(size: number, alignment = 4096): Buffer<ArrayBuffer> {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw Object.assign(new RangeError(`size must be a non-negative integer, got ${size}`), { code: 'EINVAL' });
  }
  const arrayBuffer = new ArrayBuffer(size + alignment);
  return Buffer.from(arrayBuffer, alignedOffset(arrayBuffer, alignment), size);
}

/** Size in bytes of the block device (Linux BLKGETSIZE64; macOS block count × size; Windows length info). */
export function blockDeviceSize(fd: number): number {
  return loadAddon().blockDeviceSize(fd);
}

/** Logical sector size: the unit of addressing and of unbuffered I/O alignment. */
export function logicalSectorSize(fd: number): number {
  return loadAddon().logicalSectorSize(fd);
}

/** True when the device refuses writes (Linux BLKROGET, macOS DKIOCISWRITABLE, Windows write-protect). */
export function isReadOnly(fd: number): boolean {
  return loadAddon().isReadOnly(fd);
}

/**
 * Linux: write back and drop the device's page cache (BLKFLSBUF) so verification reads the medium.
 * macOS: ask the drive to commit its write cache. Windows: FlushFileBuffers.
 */
export function flushBuffers(fd: number): void {
  loadAddon().flushBuffers(fd);
}

/** Linux only: make the kernel re-read the partition table (BLKRRPART). EBUSY while a partition is in use. */
export function rereadPartitionTable(fd: number): void {
  loadAddon().rereadPartitionTable(fd);
}

/** macOS only: turn the buffer cache off (F_NOCACHE) for this fd, macOS's stand-in for O_DIRECT. */
export function setNoCache(fd: number, on: boolean): void {
  loadAddon().setNoCache(fd, on);
}

/** Windows only: lock a volume opened as \\.\X: for exclusive access (FSCTL_LOCK_VOLUME). */
export function lockVolume(fd: number): void {
  loadAddon().lockVolume(fd);
}

/** Windows only: dismount a locked volume (FSCTL_DISMOUNT_VOLUME) so its file system cannot write back. */
export function dismountVolume(fd: number): void {
  loadAddon().dismountVolume(fd);
}

/**
 * Linux only (5.15+): the kernel's sequence number of the medium behind this open block device
 * (BLKGETDISKSEQ), as a decimal string. It changes on every media change and loop re-attach.
 */
export function diskSeq(fd: number): string {
  return loadAddon().diskSeq(fd);
}

/**
 * Linux only: prctl(PR_SET_DUMPABLE). While off, /proc/<pid>/fd of this process is root's, so
 * other processes of the same user cannot reach its pipes (used while the privileged writer runs).
 */
export function setDumpable(on: boolean): void {
  loadAddon().setDumpable(on);
}

/** Linux only: prctl(PR_GET_DUMPABLE). */
export function isDumpable(): boolean {
  return loadAddon().isDumpable();
}

/**
 * Windows only, COMPILE-REVIEWED (never run): creates the named pipe `name` (\\.\pipe\imprint-…)
 * with an explicit DACL — SYSTEM, and the user that process `clientPid` runs as, nobody else — as
 * its one and only instance, waits at most `timeoutMs` for a local client, and resolves with a file
 * descriptor for the connected pipe (wrap it in a net.Socket). Used by the elevated writer.
 */
export function acceptPipeClient(name: string, clientPid: number, timeoutMs: number): Promise<number> {
  return loadAddon().acceptPipeClient(name, clientPid, timeoutMs);
}
