// The error table speaks to two people: someone at a terminal and someone in front of the window.
// Both read the same fact; only the command line is offered flags, commands and sudo.

import { describe, expect, it } from 'vitest';
import { judgeDrive, type ImageFacts } from './drive-rules.js';
import type { Drive } from './drive.js';
import { usbStick } from '../main/test-support/drive-fixture.js';
import {
  commandLineWords,
  ERROR_CODES,
  errorData,
  errorFact,
  errorMessage,
  ImprintError,
  toErrorData,
  windowMessage,
  type ErrorCode,
  type ErrorContext,
  type ErrorData,
} from './errors.js';
import { ValidationError } from './validate.js';

/** Every fact a message can name, as the window would receive them. */
const FULL: ErrorContext = { device: '/dev/sdb', path: '/home/u/Downloads/debian.iso', offset: 4096, detail: 'EIO' };

/** Facts as the engine and the service really give them, where a code's detail is a sentence of its own. */
const REAL: Partial<Record<ErrorCode, ErrorContext>> = {
  E_SYSTEM_DRIVE: { device: '/dev/sda', detail: '/dev/sda2 is mounted at /boot' },
  E_NOT_CONFIRMED: { device: '/dev/sdb', detail: 'it is a virtual drive' },
  E_CHECKSUM_NOT_LISTED: { path: '/home/u/Downloads/SHA256SUMS', detail: 'debian.iso' },
  E_CHECKSUM_FILE_UNUSABLE: { path: '/home/u/Downloads/SHA256SUMS', detail: 'it is a folder' },
  E_CANCELLED: { device: '/dev/sdb', detail: 'nothing was written to the drive' },
  E_BAD_REQUEST: { detail: 'job:flash.driveIds: expected an array of at most 16 items' },
  E_ELEVATION_NOT_AUTHORIZED: { detail: 'Error executing command as another user: Not authorized' },
  E_UNKNOWN_ID: { detail: 'That drive' },
};

const contexts = (code: ErrorCode): ErrorContext[] => [{}, FULL, ...(REAL[code] ? [REAL[code]] : [])];

describe('the error table', () => {
  it('has words for every code on both surfaces', () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['E_USAGE', 'E_BAD_REQUEST', 'E_CHECKSUM_NOT_LISTED', 'E_OUTPUT_WRITE_FAILED']));
    for (const code of ERROR_CODES) {
      for (const surface of ['cli', 'window'] as const) {
        const text = errorMessage(code, FULL, surface);
        expect(text, `${code} ${surface}`).toMatch(/^\S.*[.…)]$/s);
        expect(text, `${code} ${surface}`).not.toMatch(/undefined|\[object/);
        // Without facts the sentence still reads: "The image is empty.", not "The image  is empty."
        expect(errorMessage(code, {}, surface), `${code} ${surface}`).not.toMatch(/ {2}| [,:;)]| \.(?![a-z])/);
      }
    }
  });

  it('never offers the window a flag, a command, a terminal or sudo', () => {
    for (const code of ERROR_CODES) {
      for (const ctx of contexts(code)) {
        const text = errorMessage(code, ctx, 'window');
        expect(commandLineWords(text), `${code}: ${text}`).toEqual([]);
      }
    }
  });

  it('shares the fact between the surfaces: only the next step differs', () => {
    for (const code of ERROR_CODES) {
      const fact = errorFact(code, FULL);
      expect(errorMessage(code, FULL, 'cli').startsWith(fact), code).toBe(true);
      expect(errorMessage(code, FULL, 'window').startsWith(fact), code).toBe(true);
    }
  });

  it('keeps the command line its own remedies', () => {
    expect(errorMessage('E_SYSTEM_DRIVE', REAL.E_SYSTEM_DRIVE, 'cli')).toContain('pass --allow-system-drive');
    expect(errorMessage('E_SYSTEM_DRIVE', REAL.E_SYSTEM_DRIVE, 'window')).toBe(
      '/dev/sda is a system drive (/dev/sda2 is mounted at /boot): writing to it would destroy the running system. Choose another drive.',
    );
    expect(errorMessage('E_USAGE', { detail: 'hash needs exactly one image.' })).toBe('hash needs exactly one image. Run "imprint --help" for usage.');
    expect(errorMessage('E_PERMISSION', { device: '/dev/sdb' })).toContain('sudo');
    expect(errorMessage('E_CHECKSUM_NOT_LISTED', REAL.E_CHECKSUM_NOT_LISTED, 'cli')).toContain('--expect');
    expect(errorMessage('E_CHECKSUM_NOT_LISTED', REAL.E_CHECKSUM_NOT_LISTED, 'window')).toBe(
      'The checksum file /home/u/Downloads/SHA256SUMS has no checksum for debian.iso. Nothing was checked or written. ' +
        'Check that you chose the checksum file that came with this download, or paste the checksum itself.',
    );
  });

  it('tells a failed output file from a failed drive: no "try another port" for a file', () => {
    const text = errorMessage('E_OUTPUT_WRITE_FAILED', { path: '/tmp/out/vmlinuz', detail: 'ENOSPC' });
    expect(text).toContain('Writing /tmp/out/vmlinuz failed (ENOSPC)');
    expect(text).not.toMatch(/port|drive/);
  });
});

describe('errors crossing a process boundary', () => {
  it('carry their facts, so the window words them itself', () => {
    const sent = new ImprintError('E_CHECKSUM_NOT_LISTED', REAL.E_CHECKSUM_NOT_LISTED).toData();
    expect(sent).toEqual({
      code: 'E_CHECKSUM_NOT_LISTED',
      message: errorMessage('E_CHECKSUM_NOT_LISTED', REAL.E_CHECKSUM_NOT_LISTED, 'cli'),
      path: '/home/u/Downloads/SHA256SUMS',
      detail: 'debian.iso',
    });
    const received = ImprintError.fromData(JSON.parse(JSON.stringify(sent)) as ErrorData);
    expect(received.context).toEqual(REAL.E_CHECKSUM_NOT_LISTED);
    expect(received.toData()).toEqual(sent);
    expect(windowMessage(sent)).toBe(errorMessage('E_CHECKSUM_NOT_LISTED', REAL.E_CHECKSUM_NOT_LISTED, 'window'));
    expect(windowMessage(sent)).not.toBe(sent.message);
  });

  it('words a code this build does not know as an internal error naming it, instead of failing', () => {
    expect(windowMessage({ code: 'E_FROM_THE_FUTURE' as ErrorCode, message: 'pass --future' })).toBe(
      'Imprint hit an internal error (unknown error E_FROM_THE_FUTURE). Please report it.',
    );
  });

  it('makes a payload that fails validation a bad request, not a usage error', () => {
    const data = toErrorData(new ValidationError('job:flash.driveIds', 'an array of at most 16 items'));
    expect(data.code).toBe('E_BAD_REQUEST');
    expect(windowMessage(data)).toBe(
      "Imprint's window sent a request the app cannot accept (job:flash.driveIds: expected an array of at most 16 items). Nothing was done. This is a fault in Imprint: please report it.",
    );
    expect(toErrorData(new Error('boom'))).toMatchObject({ code: 'E_INTERNAL', detail: 'boom' });
  });

  it('validates what the writer sends: a known code, bounded strings, the new facts accepted', () => {
    const full: ErrorData = { code: 'E_IO', message: 'm', device: '/dev/sdb', path: '/x.iso', offset: 512, detail: 'EIO' };
    expect(errorData(full)).toEqual(full);
    expect(errorData({ code: 'E_CANCELLED', message: 'Cancelled.' })).toEqual({ code: 'E_CANCELLED', message: 'Cancelled.' });
    expect(() => errorData({ ...full, code: 'E_NOPE' }, 'error')).toThrow(/error\.code/);
    expect(() => errorData({ ...full, offset: -1 }, 'error')).toThrow(/error\.offset/);
    expect(() => errorData({ ...full, detail: 'x'.repeat(8193) }, 'error')).toThrow(/error\.detail/);
    expect(() => errorData({ ...full, stack: 'at …' }, 'error')).toThrow(/error\.stack/);
  });
});

describe('drive-rule refusals as the window shows them', () => {
  const GB = 1e9;
  const stick = (overrides: Partial<Drive>): Drive => usbStick(overrides);

  const image: ImageFacts = { path: '/home/u/ubuntu.iso', size: 5 * GB, sizeIsEstimate: false, holderDisks: ['/dev/nvme0n1'] };
  const lost: ImageFacts = { ...image, holderDisks: null, holderError: 'fuse.sshfs' };

  // One drive per rule, judged as main judges them for the window (no override exists there).
  const drives: [Drive, ImageFacts][] = [
    [stick({ mountpoints: [{ path: '/boot', device: '/dev/sdb1', label: null }] }), image],
    [stick({ device: '/dev/sdb1', kind: 'partition', parent: '/dev/sdb' }), image],
    [stick({ device: '/dev/dm-0', notPhysical: 'it is a device-mapper volume (LVM, LUKS or multipath)' }), image],
    [stick({ isReadOnly: true }), image],
    [stick({ size: 2 * GB }), image],
    [stick({ size: null }), image],
    [stick({ device: '/dev/nvme0n1' }), image],
    [stick({}), lost],
    [stick({ size: 500 * GB, isRemovable: false, mountpoints: [{ path: '/media/u/DATA', device: '/dev/sdb1', label: 'DATA' }] }), image],
  ];

  it('covers every rule, and words each refusal for the window without command-line remedies', () => {
    const seen = new Set<string>();
    for (const [drive, facts] of drives) {
      for (const f of judgeDrive(drive, facts, { allowSystemDrive: false }).findings) {
        seen.add(f.code);
        const text =
          f.severity === 'refused' && f.error
            ? windowMessage(new ImprintError(f.error, { device: drive.device, ...(f.detail ? { detail: f.detail } : {}) }).toData())
            : f.message;
        expect(commandLineWords(text), `${f.code}: ${text}`).toEqual([]);
        if (f.detail) expect(text).toContain(f.detail);
      }
    }
    expect([...seen].sort()).toEqual(
      ['LARGE_DRIVE', 'MOUNTED', 'NOT_PHYSICAL', 'NOT_REMOVABLE', 'PARTITION', 'READ_ONLY', 'SIZE_UNKNOWN', 'SOURCE_DRIVE', 'SOURCE_UNKNOWN', 'SYSTEM_DRIVE', 'TOO_SMALL'].sort(),
    );
  });
});

describe('commandLineWords', () => {
  it('finds flags, imprint commands, sudo, terminals and placeholders, and nothing in plain sentences', () => {
    expect(commandLineWords('Only if you are certain, pass --allow-system-drive.')).toEqual(['--allow-system-drive']);
    expect(commandLineWords('Run "imprint --help" for usage.')).toEqual(['--help']);
    expect(commandLineWords('"imprint list" shows them')).toEqual(['imprint list']);
    expect(commandLineWords('run "sudo imprint flash …" from a terminal')).toEqual(['imprint flash', 'sudo', 'terminal']);
    expect(commandLineWords('e.g. "qemu-img convert -O raw <image> image.img"')).toEqual(['-O', '<image>']);
    expect(commandLineWords('Start it ("systemctl start polkit")')).toEqual(['systemctl']);
    expect(commandLineWords('on the command line: answer yes')).toEqual(['command line']);
    expect(commandLineWords('Imprint is not allowed to open a read-only drive; SHA-256 — try again.')).toEqual([]);
  });
});
