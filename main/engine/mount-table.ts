// What is mounted where, read from the kernel of the calling process's mount namespace
// (/proc/self/mountinfo, /proc/swaps). mountinfo names each file system by its device number
// (field 3), which is right even where the source text is not a path that can be stat'ed
// (/dev/root, ZFS datasets). Parsing is pure and tested on real and synthetic text.

import { readFile } from 'node:fs/promises';
import { ImprintError } from '../../app/errors.js';

export interface MountEntry {
  /** Mount id (field 1): a later mount on the same target hides an earlier one. */
  id: number;
  /** Device number of the file system: its block device, or an anonymous 0:N (tmpfs, overlay, btrfs). */
  major: number;
  minor: number;
  /** The folder of the file system that is mounted here ("/" unless a bind mount of a subfolder). */
  root: string;
  target: string;
  fstype: string;
  /** The mount's source as given to mount(8): "/dev/sda2", "/dev/root", "rpool/ROOT/ubuntu", "overlay". */
  source: string;
  /** Per-file-system options, each unescaped ("lowerdir=/a:/b", "subvol=/@"). */
  superOptions: string[];
}

export interface SwapEntry {
  path: string;
  kind: 'partition' | 'file';
}

/** The kernel escapes space, tab, newline and backslash as octal (\040 …). */
export function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * One mountinfo line: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue".
 * The optional fields before "-" vary in number, so the line is split around the separator.
 */
export function parseMountInfoLine(line: string): MountEntry | null {
  const fields = line.split(' ');
  const dash = fields.indexOf('-', 6);
  if (dash < 0 || fields.length < dash + 3) return null;
  const [id, , devNumber, root, target] = fields;
  const numbers = /^(\d+):(\d+)$/.exec(devNumber ?? '');
  if (!id || !numbers || root === undefined || target === undefined) return null;
  const superText = fields[dash + 3] ?? '';
  return {
    id: Number(id),
    major: Number(numbers[1]),
    minor: Number(numbers[2]),
    root: unescapeOctal(root),
    target: unescapeOctal(target),
    fstype: unescapeOctal(fields[dash + 1] ?? ''),
    source: unescapeOctal(fields[dash + 2] ?? ''),
    // Commas inside option values are escaped as \054, so splitting comes first.
    superOptions: superText === '' ? [] : superText.split(',').map(unescapeOctal),
  };
}

export function parseMountInfo(text: string): MountEntry[] {
  return text
    .split('\n')
    .map(parseMountInfoLine)
    .filter((m): m is MountEntry => m !== null);
}

/** Active swap areas: partitions and other devices, and swap files (their file system's disk holds them). */
export function parseSwaps(text: string): SwapEntry[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[0] !== undefined && cols[0] !== '' && cols[1] !== undefined)
    .map((cols) => ({ path: unescapeOctal(cols[0] ?? ''), kind: cols[1] === 'file' ? 'file' : 'partition' }));
}

/** The value of a super option ("subvol" → "/@"), or null. */
export function superOption(entry: MountEntry, key: string): string | null {
  const prefix = `${key}=`;
  return entry.superOptions.find((o) => o.startsWith(prefix))?.slice(prefix.length) ?? null;
}

/** Splits overlayfs's colon-separated layer list, where "\:" and "\," are escaped and "::" starts the data-only layers. */
function splitLayers(list: string): string[] {
  const layers: string[] = [];
  let current = '';
  for (let i = 0; i < list.length; i += 1) {
    const c = list[i] ?? '';
    if (c === '\\' && i + 1 < list.length) {
      current += list[i + 1] ?? '';
      i += 1;
    } else if (c === ':') {
      if (current !== '') layers.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') layers.push(current);
  return layers;
}

const LAYER_KEYS = ['lowerdir', 'lowerdir+', 'datadir+', 'upperdir', 'workdir'];

/** The folders an overlay mount is made of (lower, data-only, upper, work): their disks hold its files. */
export function overlayLayers(entry: MountEntry): string[] {
  const layers: string[] = [];
  for (const option of entry.superOptions) {
    const eq = option.indexOf('=');
    if (eq < 0) continue;
    const key = option.slice(0, eq);
    const value = option.slice(eq + 1);
    if (LAYER_KEYS.includes(key)) layers.push(...splitLayers(value));
  }
  return layers;
}

/** This process's mount table; a table that cannot be read is an error, never an empty table. */
export async function readMountTable(): Promise<{ mounts: MountEntry[]; swaps: SwapEntry[] }> {
  if (process.platform !== 'linux') return { mounts: [], swaps: [] };
  let mountinfo: string;
  try {
    mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  } catch (error) {
    throw new ImprintError('E_INTERNAL', { detail: `cannot read /proc/self/mountinfo: ${(error as Error).message}` });
  }
  // No /proc/swaps means no swap support in the kernel, hence no swap.
  const swaps = await readFile('/proc/swaps', 'utf8').catch(() => '');
  return { mounts: parseMountInfo(mountinfo), swaps: parseSwaps(swaps) };
}
