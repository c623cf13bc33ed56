// The file a loop device shows, as a file identity (device + inode), so that a hard link, a bind
// mount or a relative path of the image is still recognised as the loop's own backing file. sysfs
// gives the backing file's path ("… (deleted)" once it is unlinked); losetup asks the kernel for
// the open file's device and inode (LOOP_GET_STATUS64), which needs read access to the loop device.

import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { FileId } from '../../app/drive.js';
import { splitDevNumber } from './linux-block.js';

/** A stat result as a FileId ("major:minor" and inode as text). */
export function fileIdOf(st: { dev: bigint; ino: bigint }): FileId {
  const { major, minor } = splitDevNumber(st.dev);
  return { dev: `${major}:${minor}`, ino: st.ino.toString() };
}

export async function fileIdOfPath(path: string): Promise<FileId | null> {
  try {
    return fileIdOf(await stat(path, { bigint: true }));
  } catch {
    return null;
  }
}

/** `losetup --json --list -O NAME,BACK-INO,BACK-MAJ:MIN`: kernel name → backing file identity (when readable). */
export function parseLosetupList(json: string): Map<string, FileId> {
  const ids = new Map<string, FileId>();
  const parsed = JSON.parse(json) as { loopdevices?: unknown };
  if (!Array.isArray(parsed.loopdevices)) return ids;
  for (const raw of parsed.loopdevices as Record<string, unknown>[]) {
    const name = typeof raw.name === 'string' ? raw.name.replace(/^\/dev\//, '') : null;
    const ino = raw['back-ino'];
    const dev = typeof raw['back-maj:min'] === 'string' ? raw['back-maj:min'].trim() : null;
    if (!name || !dev || !/^\d+:\d+$/.test(dev)) continue;
    if (typeof ino !== 'number' && !(typeof ino === 'string' && /^\d+$/.test(ino.trim()))) continue;
    ids.set(name, { dev, ino: String(ino).trim() });
  }
  return ids;
}

/** What losetup can tell about every loop device; empty when it cannot be run or may not look. */
export function readLosetupIds(): Promise<Map<string, FileId>> {
  if (process.platform !== 'linux') return Promise.resolve(new Map<string, FileId>());
  return new Promise<Map<string, FileId>>((resolve) => {
    execFile('losetup', ['--json', '--list', '-O', 'NAME,BACK-INO,BACK-MAJ:MIN'], { timeout: 5000 }, (error, stdout) => {
      if (error || stdout.trim() === '') resolve(new Map<string, FileId>());
      else {
        try {
          resolve(parseLosetupList(stdout));
        } catch {
          resolve(new Map<string, FileId>());
        }
      }
    });
  });
}

const DELETED = ' (deleted)';

/**
 * Every identity known for the loop's backing file: the kernel's (losetup) and the file now at the
 * sysfs path (unless it was deleted). Empty when neither can be had: the caller fails closed.
 */
export async function loopBackingIds(name: string, backingFile: string, fromLosetup: Map<string, FileId>): Promise<FileId[]> {
  const ids: FileId[] = [];
  const kernel = fromLosetup.get(name);
  if (kernel) ids.push(kernel);
  if (!backingFile.endsWith(DELETED)) {
    const current = await fileIdOfPath(backingFile);
    if (current && !ids.some((i) => i.dev === current.dev && i.ino === current.ino)) ids.push(current);
  }
  return ids;
}
