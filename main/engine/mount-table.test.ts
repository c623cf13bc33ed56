import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMounts, parseSwaps, readMountTable } from './mount-table.js';

describe('mount table', () => {
  it('parses /proc/mounts lines, unescaping octal escapes', () => {
    const text = '/dev/sdb1 /media/u/My\\040Stick vfat rw 0 0\n/dev/sda2 / ext4 rw 0 0\n';
    expect(parseMounts(text)).toEqual([
      { source: '/dev/sdb1', target: '/media/u/My Stick', fstype: 'vfat' },
      { source: '/dev/sda2', target: '/', fstype: 'ext4' },
    ]);
  });

  it('keeps swap partitions and skips swap files', () => {
    const text = 'Filename\tType\tSize\tUsed\tPriority\n/dev/sda3 partition 8388604 0 -2\n/swapfile file 1048572 0 -3\n';
    expect(parseSwaps(text)).toEqual(['/dev/sda3']);
  });

  it('reads this machine\'s table: the root file system is in it', async () => {
    const { mounts } = await readMountTable();
    const root = readFileSync('/proc/self/mounts', 'utf8').split('\n').find((l) => l.split(' ')[1] === '/');
    expect(mounts.some((m) => m.target === '/' && m.source === root?.split(' ')[0])).toBe(true);
  });
});
