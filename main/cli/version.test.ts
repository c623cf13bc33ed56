// The version the CLI prints is package.json's, in the built bundle as well as in the sources.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runImprint } from '../test-support/cli.js';
import type { CliContext } from './command.js';
import { runCli } from './run-cli.js';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('imprint --version', () => {
  it("prints package.json's version from the built CLI (dist/cli.js)", async () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const run = await runImprint([flag]);
      expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it("prints package.json's version from the sources", async () => {
    const stdout = new PassThrough({ encoding: 'utf8' });
    let out = '';
    stdout.on('data', (chunk: string) => (out += chunk));
    const ctx: CliContext = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), signal: new AbortController().signal, env: {} };
    expect(await runCli(['--version'], ctx)).toBe(0);
    expect(out).toBe(`${version}\n`);
  });
});
