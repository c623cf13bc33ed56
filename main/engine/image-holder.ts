// Which whole disks hold a file: on Linux the disks under its file system (partitions, LVM, LUKS,
// btrfs members, overlay layers) and, through loop devices, the disks holding their backing files;
// on macOS the BSD whole disk and APFS physical stores; on Windows the volume's disk extents.
// When they cannot be found this throws, and the rules refuse every drive (fail closed).

import { realpath, stat } from 'node:fs/promises';
import type { ImageFacts } from '../../app/drive-rules.js';
import { isImprintError } from '../../app/errors.js';
import { darwinHolderDisks } from './holder-darwin.js';
import { windowsHolderDisks } from './holder-win32.js';
import { DiskTracer, disksHoldingFile } from './linux-mounts.js';
import { fileIdOf } from './loop-backing.js';
import { readLsblk } from './lsblk.js';
import { readMountTable } from './mount-table.js';

export async function imageHolderDisks(imagePath: string): Promise<string[]> {
  const file = await realpath(imagePath);
  switch (process.platform) {
    case 'linux': {
      const [{ mounts }, lsblk] = await Promise.all([readMountTable(), readLsblk()]);
      const disks = await disksHoldingFile(new DiskTracer(mounts, lsblk), file);
      return disks.map((d) => `/dev/${d}`);
    }
    case 'darwin':
      return darwinHolderDisks(file);
    case 'win32':
      return windowsHolderDisks(file);
    default:
      throw new Error(`finding the disk that holds a file is not implemented on ${process.platform}`);
  }
}

/** The facts about an image file the rules need: its resolved path, its identity and its disks. */
export async function imageFileFacts(
  imagePath: string,
): Promise<Pick<ImageFacts, 'path' | 'fileId' | 'holderDisks' | 'holderError'>> {
  const path = await realpath(imagePath).catch(() => imagePath);
  const fileId = await stat(path, { bigint: true }).then(fileIdOf, () => null);
  try {
    return { path, fileId, holderDisks: await imageHolderDisks(path) };
  } catch (error) {
    const reason = isImprintError(error) && error.code === 'E_SOURCE_UNKNOWN' ? error.context.detail : (error as Error).message;
    return { path, fileId, holderDisks: null, holderError: reason ?? String(error) };
  }
}
