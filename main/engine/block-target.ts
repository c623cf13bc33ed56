// A whole drive opened for an unbuffered write or read-back. Linux: O_EXCL (the kernel refuses while
// any partition is mounted or claimed) and O_DIRECT (no page cache in the way). macOS: the raw node
// /dev/rdiskN rather than the buffered /dev/diskN the drive list names (rawDevicePath), with
// F_NOCACHE. Raw nodes take whole blocks at block offsets, as O_DIRECT does, which the passes keep to.

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { DriveIdentity } from '../../app/drive.js';
import * as native from '../../native/index.js';
import { driveError } from './io-errors.js';
import { splitDevNumber } from './linux-block.js';
import { rawDevicePath } from './os-steps.js';
import { currentPlatform } from './platform.js';

export interface OpenTargetOptions {
  /** Read-only access for verify-only jobs (no O_EXCL: a mounted drive can still be compared). */
  readOnly: boolean;
}

function openFlags(readOnly: boolean): number {
  const { O_RDWR, O_RDONLY, O_EXCL, O_DIRECT, O_SYNC } = constants;
  if (process.platform === 'linux') {
    return readOnly ? O_RDONLY | (O_DIRECT ?? 0) : O_RDWR | O_EXCL | (O_DIRECT ?? 0);
  }
  // Windows opens physical drives with write-through; macOS gets F_NOCACHE after open.
  return readOnly ? O_RDONLY : O_RDWR | (process.platform === 'win32' ? (O_SYNC ?? 0) : 0);
}

export class BlockTarget {
  private constructor(
    readonly device: string,
    private readonly handle: FileHandle,
    /** Size reported by the device itself (ioctl), not by the drive list. */
    readonly size: number,
    readonly logicalBlockSize: number,
  ) {}

  /** `device` is the drive's name as the drive list gives it; errors and results keep that name. */
  static async open(device: string, options: OpenTargetOptions): Promise<BlockTarget> {
    let handle: FileHandle;
    try {
      handle = await open(rawDevicePath(currentPlatform(), device), openFlags(options.readOnly));
    } catch (error) {
      throw driveError(error, device);
    }
    try {
      if (process.platform === 'darwin') native.setNoCache(handle.fd, true);
      const size = native.blockDeviceSize(handle.fd);
      const logical = native.logicalSectorSize(handle.fd);
      if (!options.readOnly && native.isReadOnly(handle.fd)) {
        throw Object.assign(new Error('read-only'), { code: 'EROFS' });
      }
      return new BlockTarget(device, handle, size, logical);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw driveError(error, device);
    }
  }

  get fd(): number {
    return this.handle.fd;
  }

  /**
   * Identity of the medium behind this open descriptor (not behind the path, which may point at
   * another device by now): its device number from fstat and, on Linux, the kernel's diskseq of
   * this very open disk (BLKGETDISKSEQ). Fields the OS cannot tell are left out.
   */
  async identity(): Promise<Partial<DriveIdentity>> {
    if (process.platform !== 'linux') return {};
    const st = await this.handle.stat({ bigint: true });
    const { major, minor } = splitDevNumber(st.rdev);
    const found: Partial<DriveIdentity> = { devNumber: `${major}:${minor}` };
    try {
      found.mediaId = native.diskSeq(this.fd);
    } catch {
      // Kernels before 5.15 have no diskseq: left out, so a drive chosen with one is refused (fail closed).
    }
    return found;
  }

  /** Writes all of `buffer[0, length)` at `position`; `length` must be a multiple of the logical block size. */
  async write(buffer: Buffer, length: number, position: number): Promise<void> {
    let done = 0;
    while (done < length) {
      let written: number;
      try {
        ({ bytesWritten: written } = await this.handle.write(buffer, done, length - done, position + done));
      } catch (error) {
        throw driveError(error, this.device, position + done);
      }
      if (written === 0) throw driveError(Object.assign(new Error('short write'), { code: 'ENOSPC' }), this.device, position + done);
      done += written;
    }
  }

  /** Reads up to `length` bytes at `position` (fewer only at the end of the device). */
  async read(buffer: Buffer, length: number, position: number): Promise<number> {
    let done = 0;
    while (done < length) {
      let got: number;
      try {
        ({ bytesRead: got } = await this.handle.read(buffer, done, length - done, position + done));
      } catch (error) {
        throw driveError(error, this.device, position + done);
      }
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  async sync(): Promise<void> {
    try {
      await this.handle.sync();
    } catch (error) {
      throw driveError(error, this.device);
    }
  }

  /** Drops the kernel's cached blocks of this device so a read-back comes from the drive. */
  dropCache(): void {
    if (process.platform !== 'linux') return;
    try {
      native.flushBuffers(this.fd);
    } catch (error) {
      throw driveError(error, this.device);
    }
  }

  /** Asks the kernel to re-read the new partition table; a drive without one (or a plain loop device) may refuse. */
  rereadPartitionTable(): boolean {
    if (process.platform !== 'linux') return false;
    try {
      native.rereadPartitionTable(this.fd);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
