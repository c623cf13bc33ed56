// Why a volume or disk cannot be built, as data: each refusal names the numbers involved, so the
// CLI and the window can say "needs 5.2 GB" instead of "too small". A VolumeError is an
// ImprintError (it crosses process boundaries like any other); `problem` keeps the numbers typed.

import { ImprintError, type ErrorCode } from '../errors.js';
import { formatBytes } from '../format.js';

export type VolumeProblem =
  /** A file FAT32 cannot hold: its size field is 32 bits (4 GiB − 1 at most). */
  | { reason: 'file-too-large'; path: string; size: number; limit: number }
  /** The content (or the file system's own structures) needs more room than the volume has. */
  | { reason: 'volume-too-small'; fileSystem: FileSystemKind; size: number; needed: number }
  /** Larger than the file system (or its sector counts) can describe. */
  | { reason: 'volume-too-large'; fileSystem: FileSystemKind; size: number; limit: number }
  /** The disk cannot hold the partition table and the volume. */
  | { reason: 'disk-too-small'; size: number; needed: number }
  /** The partition table cannot describe a disk this large (MBR: 2 TiB). */
  | { reason: 'disk-too-large'; scheme: 'mbr' | 'gpt'; size: number; limit: number }
  | { reason: 'bad-name'; path: string; name: string; why: string }
  /** Two names in one folder that FAT/exFAT treat as the same (case-insensitive). */
  | { reason: 'duplicate-name'; path: string; name: string; other: string }
  | { reason: 'folder-too-large'; path: string; entries: number; limit: number }
  | { reason: 'too-deep'; path: string; depth: number; limit: number }
  | { reason: 'too-many-entries'; count: number; limit: number }
  | { reason: 'bad-label'; label: string; why: string }
  /** A size, offset or number given by the caller that cannot be used (not whole sectors, negative…). */
  | { reason: 'bad-parameter'; what: string; value: string; why: string }
  /** A file's source gave fewer bytes than its size while the volume was read. */
  | { reason: 'short-content'; path: string; offset: number; size: number };

export type FileSystemKind = 'fat32' | 'exfat';

export class VolumeError extends ImprintError {
  readonly problem: VolumeProblem;

  constructor(problem: VolumeProblem) {
    const [code, detail] = describe(problem);
    super(code, { detail });
    this.name = 'VolumeError';
    this.problem = problem;
  }
}

const FS_NAME: Record<FileSystemKind, string> = { fat32: 'FAT32', exfat: 'exFAT' };

const bytes = (n: number): string => `${formatBytes(n)}, ${n} bytes`;

function describe(p: VolumeProblem): [ErrorCode, string] {
  switch (p.reason) {
    case 'file-too-large':
      return ['E_IMAGE_UNSUPPORTED', `"${p.path}" is ${bytes(p.size)}; FAT32 holds files of at most ${bytes(p.limit)}`];
    case 'volume-too-small':
      return ['E_TOO_SMALL', `a ${FS_NAME[p.fileSystem]} volume of ${bytes(p.size)} is too small: it needs ${bytes(p.needed)}`];
    case 'volume-too-large':
      return ['E_USAGE', `${FS_NAME[p.fileSystem]} volumes hold at most ${bytes(p.limit)}, not ${bytes(p.size)}`];
    case 'disk-too-small':
      return ['E_TOO_SMALL', `the drive has ${bytes(p.size)}; it needs ${bytes(p.needed)}`];
    case 'disk-too-large':
      return ['E_USAGE', `an ${p.scheme.toUpperCase()} partition table describes at most ${bytes(p.limit)}, not ${bytes(p.size)}`];
    case 'bad-name':
      return ['E_IMAGE_UNSUPPORTED', `the name "${p.name}" in "${p.path}" cannot be stored on FAT: ${p.why}`];
    case 'duplicate-name':
      return ['E_IMAGE_UNSUPPORTED', `"${p.name}" and "${p.other}" in "${p.path}" are the same name on FAT, which ignores case`];
    case 'folder-too-large':
      return ['E_IMAGE_UNSUPPORTED', `the folder "${p.path}" needs ${p.entries} directory entries; FAT allows ${p.limit}`];
    case 'too-deep':
      return ['E_IMAGE_UNSUPPORTED', `"${p.path}" is nested ${p.depth} folders deep; at most ${p.limit} are supported`];
    case 'too-many-entries':
      return ['E_IMAGE_UNSUPPORTED', `the content has more than ${p.limit} files and folders (${p.count} counted)`];
    case 'bad-label':
      return ['E_USAGE', `the volume label "${p.label}" cannot be used: ${p.why}`];
    case 'bad-parameter':
      return ['E_INTERNAL', `${p.what} ${p.value} cannot be used: ${p.why}`];
    case 'short-content':
      return ['E_IMAGE_CORRUPT', `"${p.path}" ends at byte ${p.offset} of its ${p.size}`];
  }
}
