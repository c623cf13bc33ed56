// Every image format, end to end: fixtures are built at test time from one small ISO, written to a
// real loop device by the real CLI, and the device is compared with the ISO byte for byte. Damaged
// and truncated variants must fail with an error naming the format, and nothing may be reported
// as verified.

import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmgImage, nrgImage, writeAudioCue, writeBinCue } from '../test-support/fixtures/containers.js';
import { jsonLines, runImprint } from '../test-support/cli.js';
import { blankLoop, makeFile, readDevice, tempDir, type LoopDevice } from '../test-support/loop.js';
import { missing } from '../test-support/prereq.js';

const TOOLS = ['losetup', 'xorriso', 'xz', 'gzip', 'bzip2', 'zstd', 'zip', 'qemu-img', 'bchunk', 'nrg2iso', 'dmg2img'];
const skip = missing({ root: true, tools: TOOLS });
const MiB = 1024 * 1024;

const sh = (cmd: string, args: string[], cwd?: string): Buffer => execFileSync(cmd, args, { cwd, maxBuffer: 1 << 28 });

describe.skipIf(skip !== null)('every image format, flashed to a loop device', () => {
  const tmp = tempDir();
  const dir = tmp.dir;
  const loops: LoopDevice[] = [];
  let iso: Buffer;
  const fixtures = new Map<string, { file: string; container: string }>();
  const at = (name: string): string => join(dir, name);

  beforeAll(() => {
    const tree = at('tree');
    mkdirSync(join(tree, 'boot'), { recursive: true });
    makeFile(join(tree, 'boot', 'random.bin'), 2 * MiB + 123);
    makeFile(join(tree, 'zeros.bin'), 2 * MiB, 'zero');
    writeFileSync(join(tree, 'README.TXT'), 'formats test\n');
    sh('xorriso', ['-as', 'mkisofs', '-quiet', '-o', at('disc.iso'), '-V', 'FORMATS', '-J', '-R', tree]);
    iso = readFileSync(at('disc.iso'));
    const add = (name: string, container: string): void => void fixtures.set(name, { file: at(name), container });

    for (const [tool, ext, container] of [['xz', 'xz', 'xz'], ['gzip', 'gz', 'gzip'], ['bzip2', 'bz2', 'bzip2'], ['zstd', 'zst', 'zstd']] as const) {
      writeFileSync(at(`disc.iso.${ext}`), sh(tool, ['-c', at('disc.iso')]));
      add(`disc.iso.${ext}`, container);
    }
    writeFileSync(at('disc.iso.gz.xz'), sh('xz', ['-c', at('disc.iso.gz')]));
    add('disc.iso.gz.xz', 'xz+gzip');
    add('disc.iso', 'raw');
    writeFileSync(at('README.md'), 'read me\n'.repeat(20_000));
    sh('zip', ['-q', at('disc.zip'), 'disc.iso', 'README.md'], dir);
    add('disc.zip', 'zip');
    sh('zip', ['-q', '-0', at('stored.zip'), 'disc.iso'], dir);
    add('stored.zip', 'zip');
    sh('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed,force_size=on', at('disc.iso'), at('fixed.vhd')]);
    add('fixed.vhd', 'vhd');
    sh('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=dynamic,force_size=on', at('disc.iso'), at('dynamic.vhd')]);
    add('dynamic.vhd', 'vhd');
    writeBinCue(iso, at('mode1.bin'), at('mode1.cue'), 'mode1.bin', 1);
    add('mode1.cue', 'bin/cue');
    add('mode1.bin', 'bin');
    writeBinCue(iso, at('mode2.bin'), at('mode2.cue'), 'MODE2.BIN', 2); // the cue names it in other case
    add('mode2.cue', 'bin/cue');
    writeFileSync(at('v2.nrg'), nrgImage(iso, 2, 307200));
    add('v2.nrg', 'nrg');
    writeFileSync(at('v1.nrg'), nrgImage(iso, 1, 150 * 2048 + 40 * 2048));
    add('v1.nrg', 'nrg');
    writeFileSync(at('disc.dmg'), dmgImage(iso));
    add('disc.dmg', 'dmg');
    writeFileSync(at('zlib.dmg'), dmgImage(iso, ['zlib']));
    add('zlib.dmg', 'dmg');
  });

  afterAll(() => {
    for (const l of loops) l.detach();
    tmp.remove();
  });

  it('builds fixtures that Debian readers decode back to the ISO', () => {
    sh('bchunk', [at('mode1.bin'), at('mode1.cue'), at('bchunk-')]);
    expect(readFileSync(at('bchunk-01.iso')).equals(iso)).toBe(true);
    sh('nrg2iso', [at('v2.nrg'), at('nrg2iso.iso')]);
    expect(readFileSync(at('nrg2iso.iso')).subarray(0, iso.length).equals(iso)).toBe(true);
    sh('dmg2img', ['-s', '-i', at('disc.dmg'), '-o', at('dmg2img.img')]);
    expect(readFileSync(at('dmg2img.img')).subarray(0, iso.length).equals(iso)).toBe(true);
  });

  const names = ['disc.iso.xz', 'disc.iso.gz', 'disc.iso.bz2', 'disc.iso.zst', 'disc.iso.gz.xz', 'disc.zip', 'stored.zip', 'fixed.vhd', 'dynamic.vhd', 'mode1.cue', 'mode1.bin', 'mode2.cue', 'v2.nrg', 'v1.nrg', 'disc.dmg'];
  it.each(names)('writes %s and the drive holds exactly the ISO', async (name) => {
    const fixture = fixtures.get(name);
    if (!fixture) throw new Error(`no fixture ${name}`);
    const target = blankLoop(dir, `t-${name}.bin`, 8 * MiB);
    loops.push(target);
    const run = await runImprint(['flash', fixture.file, target.device, '--yes', '--no-eject', '--json']);
    expect(run.stderr).toBe('');
    const result = jsonLines(run.stdout).at(-1);
    expect(result).toMatchObject({ type: 'result', ok: true, targets: [{ ok: true, verified: true }] });
    // bzip2 and nested layers can only estimate (gzip's ISIZE estimate is exact below 4 GiB).
    if (name !== 'disc.iso.gz.xz' && name !== 'disc.iso.bz2') expect(result?.size).toBe(iso.length);
    expect(run.code).toBe(0);
    expect(readDevice(target.device, iso.length).equals(iso)).toBe(true);
  });

  function damaged(name: string, how: 'corrupt' | 'truncate'): string {
    const fixture = fixtures.get(name);
    if (!fixture) throw new Error(`no fixture ${name}`);
    const copy = at(`${how}-${name}`);
    if (name.endsWith('.cue')) {
      // A cue sheet's damage is its .bin's: write a copy naming a truncated .bin.
      const bin = at(`${how}-${name}.bin`);
      copyFileSync(fixture.file.replace(/\.cue$/, '.bin'), bin);
      truncateSync(bin, readFileSync(bin).length - 2352 * 20);
      writeFileSync(copy, readFileSync(fixture.file, 'latin1').replace(/FILE "[^"]*"/, `FILE "${how}-${name}.bin"`));
      return copy;
    }
    copyFileSync(fixture.file, copy);
    const size = readFileSync(copy).length;
    if (how === 'truncate') truncateSync(copy, Math.floor(size * 0.6));
    else {
      const fd = openSync(copy, 'r+');
      const middle = Buffer.alloc(64, 0x5a);
      execFileSync('dd', [`of=${copy}`, 'bs=1', `seek=${Math.floor(size / 2)}`, 'conv=notrunc', 'status=none'], { input: middle });
      closeSync(fd);
    }
    return copy;
  }

  const damages: [string, 'corrupt' | 'truncate', string][] = [
    ['disc.iso.xz', 'corrupt', 'xz'], ['disc.iso.xz', 'truncate', 'xz'],
    ['disc.iso.gz', 'corrupt', 'gzip'], ['disc.iso.gz', 'truncate', 'gzip'],
    ['disc.iso.bz2', 'corrupt', 'bzip2'], ['disc.iso.bz2', 'truncate', 'bzip2'],
    ['disc.iso.zst', 'corrupt', 'zstd'], ['disc.iso.zst', 'truncate', 'zstd'],
    ['stored.zip', 'corrupt', 'zip'], ['disc.zip', 'truncate', 'zip'],
    ['dynamic.vhd', 'truncate', 'vhd'],
    ['mode1.bin', 'truncate', 'bin'], ['mode1.cue', 'truncate', 'bin/cue'],
    ['v2.nrg', 'truncate', 'nrg'], ['disc.dmg', 'truncate', 'dmg'], ['zlib.dmg', 'corrupt', 'dmg'],
    ['disc.iso', 'truncate', 'iso9660'],
  ];
  it.each(damages)('a %s that is %s fails naming %s, and nothing is verified', async (name, how, format) => {
    const file = damaged(name, how);
    const target = blankLoop(dir, `d-${how}-${name}.bin`, 8 * MiB);
    loops.push(target);
    const run = await runImprint(['flash', file, target.device, '--yes', '--no-eject', '--json']);
    expect(run.code).not.toBe(0);
    const lines = jsonLines(run.stdout);
    const messages = JSON.stringify(lines);
    expect(messages).toMatch(/E_IMAGE_CORRUPT/);
    expect(messages).toContain(`(${format}: `);
    expect(lines.some((l) => Array.isArray(l.targets) && (l.targets as { verified?: boolean }[]).some((t) => t.verified === true))).toBe(false);
  });

  it('refuses qcow2, VHDX and audio-only CDs with a way forward, writing nothing', async () => {
    sh('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', at('disc.iso'), at('disc.qcow2')]);
    sh('qemu-img', ['convert', '-f', 'raw', '-O', 'vhdx', at('disc.iso'), at('disc.vhdx')]);
    writeAudioCue(at('audio.bin'), at('audio.cue'), 'audio.bin');
    writeFileSync(at('lzfse.dmg'), dmgImage(iso, ['lzfse']));
    const target = blankLoop(dir, 'refused.bin', 8 * MiB);
    loops.push(target);
    for (const [file, words] of [['disc.qcow2', 'qemu-img convert -O raw'], ['disc.vhdx', 'VHDX'], ['audio.cue', 'audio CD'], ['lzfse.dmg', 'unsupported DMG compression (LZFSE)']] as const) {
      const run = await runImprint(['flash', at(file), target.device, '--yes', '--no-eject', '--json']);
      expect(run.code).not.toBe(0);
      const error = jsonLines(run.stdout).find((l) => l.type === 'error');
      expect(error).toMatchObject({ code: 'E_IMAGE_UNSUPPORTED' });
      expect(String(error?.message)).toContain(words);
    }
    expect(readDevice(target.device, MiB).every((b) => b === 0)).toBe(true);
  });

  it('refuses a zip holding two disk images, naming them', async () => {
    copyFileSync(at('disc.iso'), at('other.iso'));
    sh('zip', ['-q', at('two.zip'), 'disc.iso', 'other.iso'], dir);
    const target = blankLoop(dir, 'two.bin', 8 * MiB);
    loops.push(target);
    const run = await runImprint(['flash', at('two.zip'), target.device, '--yes', '--no-eject', '--json']);
    expect(run.code).not.toBe(0);
    const error = jsonLines(run.stdout).find((l) => l.type === 'error');
    expect(error).toMatchObject({ code: 'E_ARCHIVE_MANY_IMAGES' });
    expect(String(error?.message)).toContain('disc.iso');
  });
});
