// Drive scanning and the system-drive rule on this machine's real drive list.

import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeDrive, systemDriveEvidence } from '../../app/drive-rules.js';
import { attachLoop, blankLoop, makeFile, tempDir, type LoopDevice } from '../test-support/loop.js';
import { splitDevNumber } from './linux-block.js';
import { missing } from '../test-support/prereq.js';
import { resolveDrive, scanDrives } from './drives.js';

function rootDiskName(): string {
  const source = readFileSync('/proc/self/mounts', 'utf8').split('\n').find((l) => l.split(' ')[1] === '/')?.split(' ')[0] ?? '';
  const parent = execFileSync('lsblk', ['-no', 'PKNAME', source], { encoding: 'utf8' }).trim();
  return `/dev/${parent || source.replace('/dev/', '')}`;
}

describe('scanDrives on this machine', () => {
  it('finds the disk holding / and judges it a system drive, refused for any image', async () => {
    const drives = await scanDrives({ includeVirtual: false });
    const root = drives.find((d) => d.device === rootDiskName());
    expect(root).toBeDefined();
    if (!root) return;
    expect(systemDriveEvidence(root).isSystem).toBe(true);
    expect(root.mountpoints.some((m) => m.path === '/')).toBe(true);
    const verdict = judgeDrive(root, { path: '/x.iso', size: 1, sizeIsEstimate: false, holderDisks: [] }, { allowSystemDrive: false });
    expect(verdict.status).toBe('refused');
    expect(verdict.findings.map((f) => f.code)).toContain('SYSTEM_DRIVE');
  });

  it('traces every system mount here: no drive is refused for a mount that could not be traced', async () => {
    const drives = await scanDrives({ includeVirtual: true });
    expect(drives.length).toBeGreaterThan(0);
    for (const d of drives) expect(d.untracedSystemMounts).toBeUndefined();
  });
});

const skip = missing({ root: true, tools: ['losetup', 'sfdisk'] });

describe.skipIf(skip !== null)('virtual drives', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('lists loop devices only when virtual drives are asked for, with size and backing file', async () => {
    const loop = blankLoop(tmp.dir, 'scan.bin', 8 * 1024 * 1024);
    loops.push(loop);
    const hidden = await scanDrives({ includeVirtual: false });
    expect(hidden.some((d) => d.device === loop.device)).toBe(false);
    const shown = await scanDrives({ includeVirtual: true });
    const found = shown.find((d) => d.device === loop.device);
    expect(found).toMatchObject({ size: 8 * 1024 * 1024, isVirtual: true, kind: 'disk', backingFile: loop.backingFile });
  });

  it('resolves a path to its drive, and reports a missing device as not found', async () => {
    const loop = blankLoop(tmp.dir, 'resolve.bin', 4 * 1024 * 1024, { readOnly: true });
    loops.push(loop);
    expect(await resolveDrive(loop.device)).toMatchObject({ device: loop.device, isReadOnly: true });
    await expect(resolveDrive('/dev/imprint-no-such-drive')).rejects.toMatchObject({ code: 'E_DRIVE_NOT_FOUND' });
    await expect(resolveDrive('/etc/hostname')).rejects.toMatchObject({ code: 'E_NOT_A_DRIVE' });
  });

  it('carries the medium\'s identity: diskseq changes when the loop is re-attached to another file of the same size', async () => {
    const first = makeFile(join(tmp.dir, 'id-a.bin'), 4 * 1024 * 1024, 'zero');
    const second = makeFile(join(tmp.dir, 'id-b.bin'), 4 * 1024 * 1024, 'zero');
    const loop = attachLoop(first);
    loops.push(loop);
    const before = await resolveDrive(loop.device);
    const { major, minor } = splitDevNumber(statSync(loop.device, { bigint: true }).rdev);
    expect(before.identity).toEqual({
      mediaId: readFileSync(`/sys/block/${loop.device.replace('/dev/', '')}/diskseq`, 'utf8').trim(),
      devNumber: `${major}:${minor}`,
      serial: null,
      wwn: null,
    });
    expect(before.identity.mediaId).toMatch(/^\d+$/);
    expect(before.notPhysical).toBeNull();
    const file = statSync(first, { bigint: true });
    const fileDev = splitDevNumber(file.dev);
    expect(before.backingFileIds).toContainEqual({ dev: `${fileDev.major}:${fileDev.minor}`, ino: file.ino.toString() });
    // Same device node, same size, another medium.
    execFileSync('losetup', ['-d', loop.device]);
    execFileSync('losetup', [loop.device, second]);
    const after = await resolveDrive(loop.device);
    expect(after.size).toBe(before.size);
    expect(after.identity.devNumber).toBe(before.identity.devNumber);
    expect(after.identity.mediaId).not.toBe(before.identity.mediaId);
    const listed = (await scanDrives({ includeVirtual: true })).find((d) => d.device === loop.device);
    expect(listed?.identity).toEqual(after.identity);
  });

  it('gives a partition the identity of its whole disk', async () => {
    const file = makeFile(join(tmp.dir, 'id-parts.bin'), 16 * 1024 * 1024, 'zero');
    execFileSync('sfdisk', ['--quiet', file], { input: 'label: dos\nstart=2048, type=83\n' });
    const disk = attachLoop(file, { partscan: true });
    loops.push(disk);
    const part = await resolveDrive(`${disk.device}p1`);
    const whole = await resolveDrive(disk.device);
    expect(part).toMatchObject({ kind: 'partition', parent: disk.device });
    expect(part.identity).toEqual(whole.identity);
    expect(part.identity.devNumber).toBe(readFileSync(`/sys/block/${disk.device.replace('/dev/', '')}/dev`, 'utf8').trim());
  });
});
