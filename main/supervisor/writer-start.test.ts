// How startWriter reports an elevation that did not happen, through the real session code:
// a pkexec that is not installed, and pkexec's own refusals (exit 127) that are not "dismissed".

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/loop.js';
import { startWriter } from './writer-session.js';

const writer = { command: '/opt/Imprint/imprint', args: ['--imprint-writer'] };

describe('startWriter: elevation failures on Linux', () => {
  const tmp = tempDir();
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });
  afterAll(() => tmp.remove());

  const pathWith = (name: string, script?: string): string => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    if (script) {
      writeFileSync(join(dir, 'pkexec'), `#!/bin/sh\n${script}\n`);
      chmodSync(join(dir, 'pkexec'), 0o755);
    }
    return dir;
  };

  it('no pkexec installed: a clear failure, not a crash of main', async () => {
    process.env.PATH = pathWith('empty');
    const error: unknown = await startWriter({ writer, platform: 'linux', isElevated: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_ELEVATION_FAILED' });
    expect((error as Error).message).toContain('ENOENT');
  });

  // pkexec cannot really run here (it needs a polkit daemon on a system bus); this stand-in exits as
  // it does, with the text it prints (polkit 122, src/programs/pkexec.c).
  it('exit 127 "Not authorized" is its own error, never "dismissed"', async () => {
    process.env.PATH = pathWith('refusing', `printf 'Error executing command as another user: Not authorized\\n\\nThis incident has been reported.\\n' >&2\nexit 127`);
    const error: unknown = await startWriter({ writer, platform: 'linux', isElevated: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_ELEVATION_NOT_AUTHORIZED' });
  });

  it('exit 126 is a dismissed prompt', async () => {
    process.env.PATH = pathWith('dismissing', `echo 'Error executing command as another user: Request dismissed' >&2\nexit 126`);
    const error: unknown = await startWriter({ writer, platform: 'linux', isElevated: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_ELEVATION_DISMISSED' });
  });
});
