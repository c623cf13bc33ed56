// A whole disk as a virtual image: a partition table with one partition and a volume in it,
// zeros everywhere else, and the list of ranges a writer must write (extents.ts).
//
// Which ranges, and why:
// - the partition table: the MBR (LBA 0), and for GPT the primary header and entries (LBA 1–33)
//   and the backup entries and header (the last 33 sectors);
// - the volume's structures and its files' clusters (each builder lists its own);
// - zeros over where the previous content leaves signatures (stale-signatures):
//   · the disk's first MiB, up to the partition: an old MBR or GPT, an ISO 9660 system area and
//     its volume descriptors ("CD001" at 32 KiB), UDF's at 32 KiB and anchor at 256 sectors, an
//     isohybrid's partitions, a file system written to the bare disk (superfloppy);
//   · the partition's first 5 MiB: every superblock blkid probes near a device's start (ext,
//     xfs, btrfs at 64 KiB, ZFS at 256 KiB, LUKS2's secondary headers up to 4 MiB + 512 B), for
//     the new partition's device and, shifted by 1 MiB, the whole disk's;
//   · the last 2 MiB of the disk and of the partition: an old backup GPT, and the signatures
//     probed from a device's end (MD RAID, ZFS, DDF and vendor RAID metadata, the farthest being
//     Promise FastTrack's, 3,087 sectors from the end).
// Old bytes left elsewhere sit in free clusters of the new file system, where nothing reads them.

import type { ByteSource } from '../inspect/byte-source.js';
import { MiB, SECTOR } from './bytes.js';
import { VolumeError } from './errors.js';
import { extent, mergeExtents, shiftExtents, type WriteExtent } from './extents.js';
import { bytesPiece, PiecewiseSource, sourcePiece, type Piece } from './piecewise-source.js';
import { diskSizeFor, gptStructures, mbrSector, planPartition, type PartitionPlan, type PartitionScheme } from './partition-table.js';
import type { Volume, VolumePlacement } from './volume.js';

export const STALE_ZONES = {
  /** From the disk's start: the whole gap before the partition (1 MiB). */
  diskHead: MiB,
  partitionHead: 5 * MiB,
  tail: 2 * MiB,
} as const;

export interface DiskOptions {
  diskSize: number;
  scheme?: PartitionScheme | 'auto';
  /** Source of the disk signature and GUIDs (and, in the helpers below, the volume serial). */
  seed: string;
  /** MBR only: mark the partition active (status 0x80). */
  active?: boolean;
  /** The largest partition the volume can fill (FAT32: 2 TiB); the disk's rest stays unallocated. */
  maxPartitionSize?: number;
  bootMessage?: string;
  /** Builds the volume for the partition (its size and first sector are decided here). */
  volume: (placement: VolumePlacement) => Volume;
}

export interface VirtualDisk {
  /** `diskSize` bytes. */
  readonly source: ByteSource;
  readonly partition: PartitionPlan;
  readonly volume: Volume;
  /** Disk offsets, sorted and merged: everything that must be written (see the top of this file). */
  readonly extents: readonly WriteExtent[];
}

/** The volume for the partition; "the volume needs N bytes" said of the disk ("the drive needs M"). */
function volumeIn(plan: PartitionPlan, build: DiskOptions['volume']): Volume {
  try {
    return build({ size: plan.size, firstSector: plan.firstSector });
  } catch (error) {
    if (error instanceof VolumeError && error.problem.reason === 'volume-too-small') {
      throw new VolumeError({ reason: 'disk-too-small', size: plan.diskSize, needed: diskSizeFor(error.problem.needed, plan.scheme) });
    }
    throw error;
  }
}

export function composeDisk(options: DiskOptions): VirtualDisk {
  const plan = planPartition(options.diskSize, options.scheme ?? 'auto', options.maxPartitionSize);
  const volume = volumeIn(plan, options.volume);
  if (volume.source.size !== plan.size) {
    throw new VolumeError({ reason: 'bad-parameter', what: 'the volume size', value: String(volume.source.size), why: `the partition has ${plan.size} bytes` });
  }
  const size = options.diskSize;
  const pieces: Piece[] = [];
  const extents: WriteExtent[] = [];
  const tableAt = (offset: number, bytes: Uint8Array): void => {
    pieces.push(bytesPiece(offset, bytes));
    extents.push(extent(offset, bytes.length, 'partition-table'));
  };
  let backup: { offset: number; bytes: Uint8Array } | null = null;
  if (plan.scheme === 'mbr') {
    tableAt(0, mbrSector(plan, { type: volume.mbrType, active: options.active ?? false, seed: options.seed, bootMessage: options.bootMessage }));
  } else {
    const gpt = gptStructures(plan, { seed: options.seed, bootMessage: options.bootMessage });
    tableAt(0, gpt.protectiveMbr);
    tableAt(SECTOR, gpt.primary);
    backup = { offset: gpt.backupOffset, bytes: gpt.backup };
  }
  pieces.push(sourcePiece(plan.offset, volume.source));
  if (backup !== null) tableAt(backup.offset, backup.bytes);

  extents.push(...shiftExtents(volume.extents, plan.offset));
  extents.push(extent(0, Math.min(STALE_ZONES.diskHead, plan.offset), 'stale-signatures'));
  extents.push(extent(plan.offset, STALE_ZONES.partitionHead, 'stale-signatures'));
  extents.push(extent(plan.offset + plan.size - STALE_ZONES.tail, STALE_ZONES.tail, 'stale-signatures'));
  extents.push(extent(size - STALE_ZONES.tail, STALE_ZONES.tail, 'stale-signatures'));

  return { source: new PiecewiseSource(size, pieces), partition: plan, volume, extents: mergeExtents(extents, size) };
}
