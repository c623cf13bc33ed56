// imprint inspect / ls / extract: in-process through the dispatcher (fast, every branch), and
// once as a real process from the build (dist/cli.js).

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../app/inspect/image-info.js';
import { fixtureMissing, hybridIso, ISO_FILES, windowsIso, WINDOWS_FILES } from '../../test-support/fixtures/images.js';
import { CLI, runImprint } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/loop.js';
import { inCI } from '../../test-support/prereq.js';
import type { CliContext } from '../command.js';
import { runCli } from '../run-cli.js';

const skip = fixtureMissing('iso', 'windows');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function imprint(args: string[], abort?: AbortController): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = { stdout, stderr, stdin: new PassThrough(), signal: (abort ?? new AbortController()).signal, env: process.env };
  const code = await runCli(args, ctx);
  return { code, stdout: out, stderr: err };
}

function builtCliMissing(): string | null {
  if (existsSync(CLI)) return null;
  if (inCI) throw new Error('dist/cli.js is missing in CI: npm test builds it first.');
  console.warn('skipping: needs "npm run build" (dist/cli.js)');
  return 'needs dist/cli.js';
}

describe.skipIf(skip !== null)('imprint inspect, ls, extract', () => {
  const tmp = tempDir('imprint-cli-inspect-');
  let hybrid = '';
  let windows = '';

  beforeAll(() => {
    hybrid = hybridIso(tmp.dir);
    windows = windowsIso(tmp.dir);
  });
  afterAll(() => tmp.remove());

  it('inspect prints the verdict first, then label, size, partitions', async () => {
    const run = await imprint(['inspect', hybrid]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Boots from USB: BIOS and UEFI');
    expect(run.stdout).toContain('Label:        HYBRID_GPT\n');
    expect(run.stdout).toContain(`Size:         2.10 MB (${statSync(hybrid).size} bytes)\n`);
    expect(run.stdout).toContain('Partitions:   MBR, 2\n');
    expect(run.stdout).toMatch(/\n {2}2 {2}EFI System +at +\S+ KB {2}1\.05 MB {2}EFIBOOT\n/);
    expect(run.stderr).toBe('');
  });

  it('inspect puts an incomplete download right under the verdict', async () => {
    const cut = join(tmp.dir, 'cut.iso');
    writeFileSync(cut, readFileSync(hybrid).subarray(0, 1024 * 1024));
    const run = await imprint(['inspect', cut]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Boots from USB: BIOS and UEFI',
      `  The image says it is 2.10 MB, but the file holds only 1.05 MB: the download is probably incomplete. Download it again and check its checksum.`,
    ]);
    expect(run.stdout).not.toContain('TRUNCATED:');
  });

  it('inspect explains a Windows installer in plain words', async () => {
    const run = await imprint(['inspect', windows]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Will not boot from USB');
    expect(run.stdout).toContain('Windows installer: yes');
    expect(run.stdout).toContain('WINDOWS_INSTALLER: This is a Windows installer.');
  });

  it('inspect --json prints exactly the contract object', async () => {
    const run = await imprint(['inspect', windows, '--json']);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout) as ImageInfo;
    // The contract, plus checksumSidecar (added by the formats issue: a sums file next to the image).
    expect(Object.keys(info)).toEqual([
      'path',
      'size',
      'sizeIsEstimate',
      'container',
      'label',
      'filesystems',
      'partitionTable',
      'partitions',
      'elTorito',
      'usbBoot',
      'windowsInstaller',
      'warnings',
      'checksumSidecar',
    ]);
    expect(info).toMatchObject({ path: windows, windowsInstaller: true, usbBoot: { bios: false, uefi: false } });
  });

  it('refuses unknown flags and missing arguments as usage errors (exit 2)', async () => {
    const unknown = await imprint(['inspect', hybrid, '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--frobnicate'/);
    expect((await imprint(['ls'])).code).toBe(2);
    expect((await imprint(['extract', hybrid, 'README.TXT'])).code).toBe(2);
  });

  it('reports a missing image with the message from the error table', async () => {
    const run = await imprint(['inspect', join(tmp.dir, 'nope.iso')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: The image ${join(tmp.dir, 'nope.iso')} does not exist. Check the path and try again.\n`);
  });

  it('ls lists folders with a slash and files with sizes, and --json gives entries', async () => {
    const run = await imprint(['ls', windows, 'sources']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('        Long Folder Name/\n150 KB  install.wim\n');
    const json = await imprint(['ls', windows, '/', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual({ name: 'bootmgr', kind: 'file', size: WINDOWS_FILES.bootmgr?.length });
  });

  it('ls names a path that is not in the image', async () => {
    const run = await imprint(['ls', hybrid, 'no/such']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: There is no file or folder "no/such" inside the image. Run "imprint ls <image> [folder]" to see what it holds.\n');
  });

  it('extract copies a UDF-only file byte for byte, and refuses to overwrite', async () => {
    const out = join(tmp.dir, 'install.wim');
    const run = await imprint(['extract', windows, 'sources/install.wim', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Extracted sources/install.wim (150 KB) to ${out}\n`);
    expect(readFileSync(out).equals(WINDOWS_FILES['sources/install.wim'] ?? Buffer.alloc(0))).toBe(true);
    writeFileSync(out, 'keep me');
    const again = await imprint(['extract', windows, 'sources/install.wim', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: ${out} already exists. Imprint does not overwrite files: choose another name, or delete the file first.\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('extract into a folder that does not exist names the output file, not a drive or a port', async () => {
    const out = join(tmp.dir, 'no-such-folder', 'data.bin');
    const run = await imprint(['extract', hybrid, 'docs/data.bin', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: Writing ${out} failed (ENOENT). No file was left behind. Check that its folder exists and may be written to, and that its disk has room, then try again.\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('extract stops when cancelled and leaves no partial file', async () => {
    const out = join(tmp.dir, 'cancelled.bin');
    const abort = new AbortController();
    abort.abort();
    const run = await imprint(['extract', hybrid, 'docs/data.bin', out], abort);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: Cancelled. Nothing was extracted: the partly written ${out} was removed.\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('extract of a folder says there is no such file', async () => {
    const run = await imprint(['extract', hybrid, 'docs', join(tmp.dir, 'docs.out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: There is no file "docs" inside the image/);
    expect(existsSync(join(tmp.dir, 'docs.out'))).toBe(false);
  });

  describe.skipIf(builtCliMissing() !== null)('as a real process (dist/cli.js)', () => {
    it('inspect --json, then extract, from the built CLI', async () => {
      const inspected = await runImprint(['inspect', hybrid, '--json']);
      expect(inspected.code).toBe(0);
      expect((JSON.parse(inspected.stdout) as ImageInfo).usbBoot).toEqual({ bios: true, uefi: true });
      const out = join(tmp.dir, 'data.bin');
      const extracted = await runImprint(['extract', hybrid, 'docs/data.bin', out]);
      expect(extracted.code).toBe(0);
      expect(readFileSync(out).equals(ISO_FILES['docs/data.bin'] ?? Buffer.alloc(0))).toBe(true);
    });
  });
});
