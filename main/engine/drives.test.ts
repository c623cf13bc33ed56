// Drive scanning and the system-drive rule on this machine's real drive list.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeDrive, systemDriveEvidence } from '../../app/drive-rules.js';
import { blankLoop, tempDir, type LoopDevice } from '../test-support/loop.js';
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
});

const skip = missing({ root: true, tools: ['losetup'] });

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
});
