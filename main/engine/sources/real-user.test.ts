// The user root works for, from pkexec's and sudo's variables, and the switch of effective ids
// around an open: real ids of this (root) test process, real files and modes.

import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFile, tempDir } from '../../test-support/loop.js';
import { missing } from '../../test-support/prereq.js';
import { ImageFile } from './image-file.js';
import { asRealUser, realUserFromEnv } from './real-user.js';

const skip = missing({ root: true, tools: ['getent'] });

describe.skipIf(skip !== null)('the user who asked', () => {
  const tmp = tempDir('imprint-real-user-');
  chmodSync(tmp.dir, 0o755);
  afterAll(() => tmp.remove());
  const ids = (): [number, number, number[]] => [process.geteuid?.() ?? -1, process.getegid?.() ?? -1, process.getgroups?.() ?? []];

  it('is PKEXEC_UID, else SUDO_UID/SUDO_GID; nobody when root asked for itself or nothing says', () => {
    expect(realUserFromEnv({ PKEXEC_UID: '65534' })).toEqual({ uid: 65534, gid: 65534, name: 'nobody' });
    expect(realUserFromEnv({ PKEXEC_UID: '65534', SUDO_UID: '0' })).toMatchObject({ uid: 65534 });
    expect(realUserFromEnv({ SUDO_UID: '65534', SUDO_GID: '100', SUDO_USER: 'someone' })).toEqual({ uid: 65534, gid: 100, name: 'someone' });
    expect(realUserFromEnv({ SUDO_UID: '0', SUDO_GID: '0' })).toBeNull();
    expect(realUserFromEnv({})).toBeNull();
    expect(() => realUserFromEnv({ PKEXEC_UID: 'nobody' })).toThrow(/not a user id/);
  });

  it("switches to the user's ids for the work only, and restores root's even when the work fails", () => {
    const before = ids();
    const user = { uid: 65534, gid: 65534, name: 'nobody' };
    expect(asRealUser(user, () => ids())).toEqual([65534, 65534, expect.arrayContaining([65534]) as unknown]);
    expect(ids()).toEqual(before);
    expect(() =>
      asRealUser(user, () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(ids()).toEqual(before);
  });

  it("opens a file with the user's rights: refused where the user may not read, opened where they may", async () => {
    const nobody = realUserFromEnv({ PKEXEC_UID: '65534' });
    const before = ids();
    const secret = makeFile(join(tmp.dir, 'secret.img'), 4096);
    chmodSync(secret, 0o600);
    await expect(ImageFile.open(secret, { asUser: nobody })).rejects.toMatchObject({
      code: 'E_IMAGE_FORBIDDEN',
      message: expect.stringContaining('The user nobody (uid 65534) may not read the image') as unknown,
    });
    expect(ids()).toEqual(before);
    // Root's own open of the same file is unchanged.
    await (await ImageFile.open(secret, { asUser: null })).close();
    const shared = makeFile(join(tmp.dir, 'shared.img'), 4096);
    chmodSync(shared, 0o644);
    const file = await ImageFile.open(shared, { asUser: nobody });
    expect(file.user).toEqual(nobody);
    expect((await file.readAt(0, 4096)).length).toBe(4096); // reads go through the handle: no rights needed
    await file.close();
    expect(ids()).toEqual(before);
  });
});
