// The image file is never its own target, whatever name it is given: a loop device backed by the
// image is refused for a relative path, "./", a symlink, a hard link and a bind-mounted view of
// it; an image on an overlay is traced to the disk of its layers; and when the disk holding the
// image cannot be found, every drive is refused. The image's bytes never change.

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImprint } from '../test-support/cli.js';
import { attachLoop, blankLoop, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { privateNamespace } from '../test-support/namespace.js';
import { missing } from '../test-support/prereq.js';

const skip = missing({ root: true, tools: ['losetup', 'xz', 'mkfs.ext4', 'unshare'] });
const MiB = 1024 * 1024;
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(skip !== null)('the image file itself is refused as a target', () => {
  const tmp = tempDir();
  const loops: LoopDevice[] = [];
  let image: string;
  let imageSha: string;
  let self: LoopDevice;

  beforeAll(() => {
    // Random data: the .xz is a little larger than what it decodes to, so it fits its own loop device
    // and only the source-drive rule stands between the decoder and its own input.
    const raw = join(tmp.dir, 'img');
    writeFileSync(raw, randomBytes(4 * MiB));
    execFileSync('xz', ['-0', '-k', raw]);
    image = `${raw}.xz`;
    imageSha = sha(readFileSync(image));
    self = attachLoop(image);
    loops.push(self);
  });

  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  const flash = (imageArg: string, device: string, opts: { cwd?: string; setup?: string } = {}) => {
    const prefix = opts.setup
      ? privateNamespace(tmp.dir, [opts.setup])
      : opts.cwd
        ? ['sh', '-c', `cd '${opts.cwd}' && exec "$@"`, 'sh']
        : [];
    return runImprint(['flash', imageArg, device, '--yes', '--no-eject'], { prefix });
  };
  const expectSelfRefused = (run: Awaited<ReturnType<typeof flash>>): void => {
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${self.device} holds the image file itself`);
    expect(sha(readFileSync(image))).toBe(imageSha);
  };

  it('refuses it for a relative path and for ./', async () => {
    expectSelfRefused(await flash(basename(image), self.device, { cwd: dirname(image) }));
    expectSelfRefused(await flash(`./${basename(image)}`, self.device, { cwd: dirname(image) }));
  });

  it('refuses it through a symlink', async () => {
    const link = join(tmp.dir, 'link.img.xz');
    symlinkSync(image, link);
    expectSelfRefused(await flash(link, self.device));
  });

  it('refuses it through a hard link (same device and inode, another name)', async () => {
    const hard = join(tmp.dir, 'hard.img.xz');
    linkSync(image, hard);
    expectSelfRefused(await flash(hard, self.device));
  });

  it('refuses it through a bind mount of its folder', async () => {
    const view = join(tmp.dir, 'view');
    mkdirSync(view);
    const run = await flash(join(view, basename(image)), self.device, { setup: `mount --bind '${dirname(image)}' '${view}'` });
    expectSelfRefused(run);
  });

  it('refuses the drive that holds the layers of an overlay the image is seen through', async () => {
    const host = blankLoop(tmp.dir, 'layer-host.bin', 32 * MiB);
    loops.push(host);
    const base = join(tmp.dir, 'ovl');
    for (const d of ['content/l1', 'content/l2', 'mnt', 'merged']) mkdirSync(join(base, d), { recursive: true });
    writeFileSync(`${base}/content/l1/copy.img.xz`, readFileSync(image));
    // Filled by mke2fs itself: never mounted outside the private namespace below.
    execFileSync('mkfs.ext4', ['-q', '-F', '-d', `${base}/content`, host.device]);
    const before = sha(readDevice(host.device, 32 * MiB));
    // Both layers on one file system: the overlay's files then carry the overlay's own device number.
    const setup = [
      `mount -o ro,noload ${host.device} ${base}/mnt`,
      `mount -t overlay overlay -o lowerdir=${base}/mnt/l1:${base}/mnt/l2 ${base}/merged`,
    ].join(' && ');
    const run = await flash(`${base}/merged/copy.img.xz`, host.device, { setup });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${host.device} holds the image file itself`);
    expect(sha(readDevice(host.device, 32 * MiB))).toBe(before);
  });

  it('refuses every drive when the drive holding the image cannot be found, and says what to do', async () => {
    const target = blankLoop(tmp.dir, 'innocent.bin', 32 * MiB);
    loops.push(target);
    const before = sha(readDevice(target.device, 8 * MiB));
    const base = join(tmp.dir, 'lost');
    for (const d of ['hidden', 'merged']) mkdirSync(join(base, d), { recursive: true });
    // An overlay whose layers are on a file system no longer visible in this namespace (as in a container).
    const setup = [
      `mount -t tmpfs tmpfs ${base}/hidden`,
      `mkdir ${base}/hidden/l ${base}/hidden/u ${base}/hidden/w`,
      `cp '${image}' ${base}/hidden/l/img.xz`,
      `mount -t overlay overlay -o lowerdir=${base}/hidden/l,upperdir=${base}/hidden/u,workdir=${base}/hidden/w ${base}/merged`,
      `umount -l ${base}/hidden`,
    ].join(' && ');
    const run = await flash(`${base}/merged/img.xz`, target.device, { setup });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Imprint cannot rule out that ${target.device} holds the image file`);
    expect(run.stderr).toContain('cannot trace to a disk');
    expect(run.stderr).toContain('Copy the image to a folder on a local disk');
    expect(sha(readDevice(target.device, 8 * MiB))).toBe(before);
  });
});
