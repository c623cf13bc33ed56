// What Linux adds to a drive's description: its mounts (from the kernel, lsblk and drivelist
// together), the system mounts no disk could be found for, the medium's identity (diskseq, device
// number, serial, WWN), whether it is a physical drive at all, and a loop device's backing file.

import { notPhysicalBySysfs } from '../../app/block-kind.js';
import type { Drive, DriveIdentity, FileId, Mountpoint } from '../../app/drive.js';
import type { DiskMounts } from './disk-mounts.js';
import { loopBackingFile, sysfsEntries, sysfsIdentity, sysfsSize, sysfsFlag } from './linux-block.js';
import { loopBackingIds } from './loop-backing.js';
import type { LsblkDevice } from './lsblk.js';

export interface LinuxFacts extends DiskMounts {
  /** losetup's identities of loop backing files (empty when not readable). */
  losetup: Map<string, FileId>;
}

export async function linuxIdentity(name: string, lsblk: LsblkDevice[] | null): Promise<DriveIdentity> {
  const { diskseq, devNumber } = await sysfsIdentity(name);
  const row = lsblk?.find((d) => d.name === name);
  return { mediaId: diskseq, devNumber, serial: row?.serial ?? null, wwn: row?.wwn ?? null };
}

/** Kernel mounts and lsblk's, plus drivelist's (kept: a mount any source saw counts), labels from drivelist. */
function mergedMounts(drive: Drive, own: Mountpoint[]): Mountpoint[] {
  const labels = new Map(drive.mountpoints.map((m) => [m.path, m.label]));
  const merged = own.map((m) => ({ ...m, label: labels.get(m.path) ?? null }));
  for (const m of drive.mountpoints) if (!merged.some((k) => k.path === m.path)) merged.push(m);
  return merged;
}

/** A drive described by drivelist or sysfs, completed with what the kernel knows about disk `name`. */
export async function withLinuxFacts(drive: Drive, name: string, facts: LinuxFacts): Promise<Drive> {
  const { entries, slaves } = await sysfsEntries(name);
  const backingFile = drive.backingFile ?? (name.startsWith('loop') ? await loopBackingFile(name) : null);
  const described: Drive = {
    ...drive,
    backingFile,
    mountpoints: mergedMounts(drive, facts.byDisk.get(name) ?? []),
    identity: await linuxIdentity(name, facts.lsblk),
    notPhysical: notPhysicalBySysfs({ name, entries, slaves }),
  };
  if (facts.untracedSystem.length > 0) described.untracedSystemMounts = [...facts.untracedSystem];
  if (backingFile !== null) described.backingFileIds = await loopBackingIds(name, backingFile, facts.losetup);
  return described;
}

const VIRTUAL = /^(loop|ram|zram|nbd)/;

/** A Linux disk described from sysfs alone (loop devices, or disks drivelist did not list). */
export async function fromSysfs(name: string): Promise<Drive> {
  const backingFile = name.startsWith('loop') ? await loopBackingFile(name) : null;
  const isVirtual = VIRTUAL.test(name);
  return {
    id: `/dev/${name}`,
    device: `/dev/${name}`,
    kind: 'disk',
    parent: null,
    description: backingFile ? `Loop device (${backingFile})` : isVirtual ? 'Virtual drive' : 'Unknown drive',
    size: await sysfsSize(name),
    logicalBlockSize: 512,
    physicalBlockSize: 512,
    busType: isVirtual ? 'VIRTUAL' : 'UNKNOWN',
    isRemovable: await sysfsFlag(name, 'removable'),
    isReadOnly: await sysfsFlag(name, 'ro'),
    isVirtual,
    isSystemReported: false,
    isUSB: false,
    isCard: false,
    mountpoints: [],
    backingFile,
    identity: { mediaId: null, devNumber: null, serial: null, wwn: null },
  };
}
