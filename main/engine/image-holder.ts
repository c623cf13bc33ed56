// Which whole disks hold a file: the disk under its file system (through partitions, LVM, LUKS)
// and, when that disk is a loop device, the disks holding its backing file in turn.

import { realpath, stat } from 'node:fs/promises';
import { backingDisks, blockName, loopBackingFile, nameOfDevNumber, resolveDevicePath } from './linux-block.js';
import { readMountTable } from './mount-table.js';

async function fileSystemDeviceName(file: string): Promise<string | null> {
  const st = await stat(file, { bigint: true });
  const direct = await nameOfDevNumber(st.dev);
  if (direct) return direct;
  // btrfs and overlay report anonymous device numbers: fall back to the mount's source.
  const { mounts } = await readMountTable();
  const owner = mounts
    .filter((m) => file === m.target || file.startsWith(m.target.endsWith('/') ? m.target : `${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (!owner || !owner.source.startsWith('/')) return null;
  return blockName(await resolveDevicePath(owner.source).catch(() => owner.source));
}

export async function imageHolderDisks(imagePath: string, depth = 0): Promise<string[]> {
  if (process.platform !== 'linux' || depth > 8) return [];
  const file = await realpath(imagePath);
  const fsDevice = await fileSystemDeviceName(file);
  if (!fsDevice) return [];
  const holders = new Set<string>();
  for (const disk of await backingDisks(fsDevice)) {
    holders.add(`/dev/${disk}`);
    const backing = await loopBackingFile(disk);
    if (backing) for (const outer of await imageHolderDisks(backing, depth + 1).catch(() => [])) holders.add(outer);
  }
  return [...holders];
}
