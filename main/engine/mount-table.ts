// What is mounted where, read from the kernel of the calling process's mount namespace
// (/proc/self/mounts, /proc/swaps). Parsing is pure and tested on real and synthetic text.

import { readFile } from 'node:fs/promises';

export interface MountEntry {
  source: string;
  target: string;
  fstype: string;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal (\040 …). */
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [source, target, fstype] = line.split(' ');
    if (!source || !target || !fstype) continue;
    entries.push({ source: unescapeOctal(source), target: unescapeOctal(target), fstype });
  }
  return entries;
}

/** Active swap devices (files are skipped: they live on a file system that is already a mount). */
export function parseSwaps(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/))
    .filter((cols) => cols[1] === 'partition' && cols[0] !== undefined)
    .map((cols) => unescapeOctal(cols[0] ?? ''));
}

export async function readMountTable(): Promise<{ mounts: MountEntry[]; swaps: string[] }> {
  if (process.platform !== 'linux') return { mounts: [], swaps: [] };
  const [mounts, swaps] = await Promise.all([
    readFile('/proc/self/mounts', 'utf8').catch(() => ''),
    readFile('/proc/swaps', 'utf8').catch(() => ''),
  ]);
  return { mounts: parseMounts(mounts), swaps: parseSwaps(swaps) };
}
