// The bytes of one FAT32 directory (FAT specification, "FAT Directory Structure"): "." and ".."
// (or the volume label in the root), then each child's long-name entries and short entry, then
// zeros (a 0x00 first byte ends the listing). Generated when read, from the plan and the
// allocation; a directory is at most 2 MiB (65,536 entries).

import { setAscii, setU16, setU32 } from './bytes.js';
import { shortNameChecksum, writeLongEntries } from './fat-names.js';
import type { FatTimestamp } from './fat-time.js';
import type { Fat32Plan } from './fat32-plan.js';

export const ATTR_VOLUME_ID = 0x08;
export const ATTR_DIRECTORY = 0x10;
export const ATTR_ARCHIVE = 0x20;

export interface Allocation {
  /** First cluster of each folder (plan order); each folder's clusters are contiguous. */
  folderFirst: number[];
  folderClusters: number[];
  /** First cluster of each file, 0 for an empty file. */
  fileFirst: number[];
  fileClusters: number[];
  /** The last cluster of every run, ascending: where the FAT says "end of chain". */
  runEnds: number[];
  /** The highest cluster in use (the root's at least). */
  lastCluster: number;
}

export function allocate(plan: Fat32Plan, clusterBytes: number): Allocation {
  const allocation: Allocation = { folderFirst: [], folderClusters: [], fileFirst: [], fileClusters: [], runEnds: [], lastCluster: 1 };
  let next = 2; // the root folder comes first: BPB_RootClus = 2
  for (const folder of plan.folders) {
    const clusters = Math.max(1, Math.ceil((folder.entryCount * 32) / clusterBytes));
    allocation.folderFirst.push(next);
    allocation.folderClusters.push(clusters);
    next += clusters;
    allocation.runEnds.push(next - 1);
  }
  for (const file of plan.files) {
    const clusters = Math.ceil(file.size / clusterBytes);
    allocation.fileFirst.push(clusters === 0 ? 0 : next);
    allocation.fileClusters.push(clusters);
    if (clusters > 0) {
      next += clusters;
      allocation.runEnds.push(next - 1);
    }
  }
  allocation.lastCluster = next - 1;
  return allocation;
}

interface ShortEntry {
  name: string;
  attributes: number;
  caseFlags: number;
  cluster: number;
  size: number;
}

function writeShortEntry(out: Uint8Array, at: number, entry: ShortEntry, time: FatTimestamp): void {
  setAscii(out, at, entry.name, 11);
  out[at + 11] = entry.attributes;
  out[at + 12] = entry.caseFlags; // DIR_NTRes
  out[at + 13] = time.hundredths; // DIR_CrtTimeTenth
  setU16(out, at + 14, time.time); // DIR_CrtTime
  setU16(out, at + 16, time.date); // DIR_CrtDate
  setU16(out, at + 18, time.date); // DIR_LstAccDate
  setU16(out, at + 20, entry.cluster >>> 16); // DIR_FstClusHI
  setU16(out, at + 22, time.time); // DIR_WrtTime
  setU16(out, at + 24, time.date); // DIR_WrtDate
  setU16(out, at + 26, entry.cluster & 0xffff); // DIR_FstClusLO
  setU32(out, at + 28, entry.size); // DIR_FileSize
}

/** The whole directory of folder `index`, as many bytes as its clusters. */
export function directoryBytes(
  plan: Fat32Plan,
  allocation: Allocation,
  index: number,
  clusterBytes: number,
  label: string,
  time: FatTimestamp,
): Uint8Array {
  const folder = plan.folders[index];
  const out = new Uint8Array((allocation.folderClusters[index] ?? 1) * clusterBytes);
  if (folder === undefined) return out;
  let at = 0;
  const put = (entry: ShortEntry): void => {
    writeShortEntry(out, at, entry, time);
    at += 32;
  };
  if (folder.parent < 0) {
    if (label !== '') put({ name: label, attributes: ATTR_VOLUME_ID, caseFlags: 0, cluster: 0, size: 0 });
  } else {
    put({ name: '.', attributes: ATTR_DIRECTORY, caseFlags: 0, cluster: allocation.folderFirst[index] ?? 0, size: 0 });
    // ".." of a folder in the root points at cluster 0, not at the root's cluster (specification).
    const parentCluster = folder.parent === 0 ? 0 : (allocation.folderFirst[folder.parent] ?? 0);
    put({ name: '..', attributes: ATTR_DIRECTORY, caseFlags: 0, cluster: parentCluster, size: 0 });
  }
  for (const child of folder.children) {
    if (child.name.long !== null) at += writeLongEntries(out, at, child.name.long, shortNameChecksum(child.name.short));
    const isFolder = child.kind === 'folder';
    put({
      name: child.name.short,
      attributes: isFolder ? ATTR_DIRECTORY : ATTR_ARCHIVE,
      caseFlags: child.name.caseFlags,
      cluster: isFolder ? (allocation.folderFirst[child.index] ?? 0) : (allocation.fileFirst[child.index] ?? 0),
      size: isFolder ? 0 : (plan.files[child.index]?.size ?? 0),
    });
  }
  return out;
}
