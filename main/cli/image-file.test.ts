// What an image names is opened once, must be a regular file, and is read with the rights of the
// user who asked: the real CLI, real loop devices, FIFOs, symlinks to devices, and a real child
// process running as root with PKEXEC_UID / SUDO_UID set, as pkexec and sudo set them.

import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImprint } from '../test-support/cli.js';
import { attachLoop, blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const MiB = 1024 * 1024;
const skip = missing({ root: true, tools: ['losetup', 'mkfifo', 'getent'] });
const NOBODY = { PKEXEC_UID: '65534' };
/** Generous: a FIFO that is opened for reading would block forever, not for seconds. */
const NO_HANG = { timeoutMs: 20_000 };

describe.skipIf(skip !== null)('files an image names', () => {
  const tmp = tempDir('imprint-image-file-cli-');
  const at = (name: string): string => join(tmp.dir, name);
  const loops: LoopDevice[] = [];
  const marker = Buffer.from('SYSTEM-DISK-CONTENT!');
  let systemDisk: LoopDevice;

  beforeAll(() => {
    // World-traversable, as a user's Downloads folder is to its owner; /var/tmp is 1777.
    chmodSync(tmp.dir, 0o755);
    const disk = Buffer.alloc(4 * MiB);
    for (let i = 0; i < disk.length; i += marker.length) marker.copy(disk, i);
    writeFileSync(at('system-disk.bin'), disk);
    systemDisk = attachLoop(at('system-disk.bin'));
    loops.push(systemDisk);
  });
  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  const target = (name: string): LoopDevice => {
    const loop = blankLoop(tmp.dir, name, 8 * MiB);
    loops.push(loop);
    return loop;
  };
  const holdsMarker = (loop: LoopDevice): boolean => readDevice(loop.device, 8 * MiB).includes(marker);
  const untouched = (loop: LoopDevice): boolean => readDevice(loop.device, 8 * MiB).every((b) => b === 0);

  /**
   * A cue sheet whose data track is its `data.bin`; a second track in the same file bounds the
   * first at 4 MiB (2048 sectors = 00:27:23), so the track's end does not depend on the file size.
   */
  const cueFolder = (name: string, makeData: (path: string) => void): string => {
    const folder = at(name);
    mkdirSync(folder);
    writeFileSync(join(folder, 'game.cue'), 'FILE "data.bin" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:27:23\n');
    makeData(join(folder, 'data.bin'));
    return join(folder, 'game.cue');
  };

  it('a cue sheet whose data file is a symlink to a drive: refused, and not one byte of that drive is written', async () => {
    const cue = cueFolder('to-drive', (data) => symlinkSync(systemDisk.device, data));
    const stick = target('stick1.bin');
    const run = await runImprint(['flash', cue, stick.device, '--yes', '--no-eject'], NO_HANG);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not an image file (it is a drive');
    expect(run.stderr).toContain('game.cue names it as its data file');
    expect(holdsMarker(stick)).toBe(false);
    expect(untouched(stick)).toBe(true);
  });

  it('a cue sheet whose data file is /dev/zero, a FIFO or a folder: refused without hanging, nothing written', async () => {
    const cases: [string, (path: string) => void, string][] = [
      ['to-zero', (data) => symlinkSync('/dev/zero', data), 'character device'],
      ['to-fifo', (data) => execFileSync('mkfifo', [data]), 'named pipe'],
      ['to-folder', (data) => mkdirSync(data), 'it is a folder'],
    ];
    const stick = target('stick2.bin');
    for (const [name, makeData, what] of cases) {
      const cue = cueFolder(name, makeData);
      const run = await runImprint(['flash', cue, stick.device, '--yes', '--no-eject'], NO_HANG);
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toContain(what);
      expect(untouched(stick), name).toBe(true);
      const inspected = await runImprint(['inspect', cue], NO_HANG);
      expect(inspected.code, name).toBe(2);
    }
  });

  it('an image path that is a FIFO: inspect and flash refuse it at once instead of waiting on it', async () => {
    execFileSync('mkfifo', [at('image.fifo')]);
    const stick = target('stick3.bin');
    const inspected = await runImprint(['inspect', at('image.fifo')], NO_HANG);
    expect(inspected.code).toBe(2);
    expect(inspected.stderr).toContain('is not an image file (it is a named pipe');
    const flashed = await runImprint(['flash', at('image.fifo'), stick.device, '--yes', '--no-eject'], NO_HANG);
    expect(flashed.code).toBe(2);
    expect(untouched(stick)).toBe(true);
  });

  describe('with the rights of the user who asked (root running for nobody)', () => {
    let secret: string;
    let shared: string;
    beforeAll(() => {
      secret = makeFile(at('secret.img'), 2 * MiB);
      chmodSync(secret, 0o600); // root's own file: nobody may not read it
      shared = makeFile(at('shared.img'), 2 * MiB);
      chmodSync(shared, 0o644);
    });

    it('refuses what that user cannot read, naming the user, for pkexec and for sudo', async () => {
      const pkexec = await runImprint(['inspect', secret], { env: NOBODY });
      expect(pkexec.code).toBe(2);
      expect(pkexec.stderr).toContain('The user nobody (uid 65534) may not read the image');
      const sudo = await runImprint(['inspect', secret], { env: { SUDO_UID: '65534', SUDO_GID: '65534', SUDO_USER: 'nobody' } });
      expect(sudo.code).toBe(2);
      expect(sudo.stderr).toContain('may not read the image');
      if (existsSync('/etc/shadow')) {
        const shadow = await runImprint(['inspect', '/etc/shadow'], { env: NOBODY });
        expect(shadow.code).toBe(2);
        expect(shadow.stderr).toContain('may not read the image /etc/shadow');
      }
      // Root asking for itself reads it.
      expect((await runImprint(['inspect', secret])).code).toBe(0);
    });

    it('flash: a file that user cannot read is refused and nothing is written; one they can read is written', async () => {
      const stick = target('stick4.bin');
      const refused = await runImprint(['flash', secret, stick.device, '--yes', '--no-eject'], { env: NOBODY });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('nobody');
      expect(untouched(stick)).toBe(true);

      expect((await runImprint(['inspect', shared], { env: NOBODY })).code).toBe(0);
      const written = await runImprint(['flash', shared, stick.device, '--yes', '--no-eject'], { env: NOBODY });
      expect(written.code, written.stderr).toBe(0);
      expect(readDevice(stick.device, 2 * MiB).equals(readFileSync(shared))).toBe(true);
    });

    it("a cue sheet's data file is opened as that user too", async () => {
      const cue = cueFolder('private-data', (data) => {
        makeFile(data, 4 * MiB);
        chmodSync(data, 0o600);
      });
      chmodSync(cue, 0o644);
      const run = await runImprint(['inspect', cue], { env: NOBODY });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`may not read the image ${join(at('private-data'), 'data.bin')}`);
    });
  });
});
