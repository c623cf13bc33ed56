// A USB boot rig: QEMU (TCG) boots a block device or an image file as a USB mass-storage disk,
// under SeaBIOS or OVMF, and reports what the firmware did, with the log lines that show it.
//
// Only the stick is attached (-nodefaults, no network, no other disk), read-only, so a boot never
// changes it. The answer comes from the firmware's own logs, watched while QEMU runs; QEMU is
// stopped as soon as the answer is known, killed at the time limit, and dies with the test process
// (setpriv --pdeathsig), so no boot outlives its test.
//
// SeaBIOS: its debug console (isa-debugcon, port 0x402) says "Booting from 0000:7c00" when it jumps
// into sector 0, and "Boot failed: not a bootable disk" when sector 0 lacks 55 AA. A zeroed MBR with
// 55 AA gets the jump too, so "started" means more: the boot code read on from the stick (QEMU's
// trace event scsi_disk_dma_command_READ, every SCSI READ the USB disk serves; SeaBIOS's own read
// of sector 0 before the jump is not counted). SeaBIOS's serial console (fw_cfg etc/sercon-port)
// mirrors the BIOS screen to the serial port, so what the boot code prints is evidence too.
//
// OVMF (Debian's release build) prints on its serial console
//   BdsDxe: starting Boot0001 "UEFI QEMU QEMU USB HARDDRIVE …" from PciRoot(0x0)/…/USB(0x0,0x0)
// after it has loaded a loader from the stick (a valid PE image: a file that is not one is passed
// over like a missing one), and "BdsDxe: failed to load Boot0001 … : Not Found" when it found none.
// What the loader itself prints follows on the same console: `expectOutput` makes it part of the
// answer, the proof that the loader really ran.
//
// A real stick is larger than most test images, and SeaBIOS cannot even read sector 0 of a disk of
// fewer than 1008 sectors (its CHS geometry then has no cylinder: "Boot failed: could not read the
// boot disk"). An image file under 64 MiB is therefore presented as a 64 MiB stick: the image, then
// zeros, through a qcow2 overlay that only QEMU reads (nothing is copied, the file stays untouched).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inCI, missing } from './prereq.js';

export type Firmware = 'seabios' | 'ovmf';

export type BootOutcome =
  /** The firmware handed over to code from the stick (and it printed `expectOutput`, when given). */
  | 'started'
  /** SeaBIOS: sector 0 has no 55 AA, or could not be read. */
  | 'not-bootable'
  /** SeaBIOS jumped into sector 0, whose code read nothing more from the stick. */
  | 'boot-code-idle'
  /** OVMF found no loader it could load on the stick. */
  | 'no-loader'
  /** Code from the stick was started, but `expectOutput` never appeared. */
  | 'no-proof'
  /** No answer within the time limit (QEMU was killed). */
  | 'timeout';

export interface BootResult {
  firmware: Firmware;
  started: boolean;
  outcome: BootOutcome;
  /** The firmware's log lines (and the loader's console output) the answer rests on. */
  evidence: string;
  /** From starting QEMU to the answer. */
  seconds: number;
  /** SeaBIOS: sectors the stick served after the jump into sector 0; null for OVMF. */
  sectorsReadAfterJump: number | null;
}

export interface BootOptions {
  firmware: Firmware;
  /** QEMU is killed after this long and the boot counted as not started (default 90 s). */
  timeoutSeconds?: number;
  /**
   * What the started code prints on the console (OVMF's serial console; the BIOS screen through
   * SeaBIOS's serial console). When given, "started" also needs it.
   */
  expectOutput?: RegExp;
  /** SeaBIOS: after the jump, this long without a sector read means the boot code stopped (default 4 s). */
  idleSeconds?: number;
}

export const SEABIOS_BIN = '/usr/share/seabios/bios-256k.bin';
/** Debian's OVMF: code (read-only) and the variable store it pairs with (copied for each boot). */
export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
export const QEMU = 'qemu-system-x86_64';
/** Image files smaller than this are booted as a stick of this size (the image, then zeros). */
export const MIN_STICK_BYTES = 64 * 1024 * 1024;
const READ_EVENT = 'scsi_disk_dma_command_READ';
const POLL_MS = 100;

/** Null when the rig can run, otherwise the reason to skip (thrown instead in CI). */
export function qemuBootMissing(): string | null {
  const reason = missing({ tools: ['qemu-system-x86_64', 'qemu-img', 'setpriv'], files: [SEABIOS_BIN, OVMF_CODE, OVMF_VARS] });
  if (reason !== null) return reason;
  // The SeaBIOS answer rests on this trace event; a QEMU built without it cannot give one.
  if (execFileSync(QEMU, ['-trace', 'help'], { encoding: 'utf8' }).split('\n').includes(READ_EVENT)) return null;
  const noTrace = `needs a ${QEMU} built with the trace event ${READ_EVENT} (Debian's qemu-system-x86 is)`;
  if (inCI) throw new Error(`Missing test prerequisite in CI: ${noTrace}.`);
  console.warn(`skipping: ${noTrace}`);
  return noTrace;
}

/** Boots `stick` (a block device or an image file, raw) as a USB disk and reports what the firmware did. */
export async function bootStick(stick: string, opts: BootOptions): Promise<BootResult> {
  const work = mkdtempSync(join(tmpdir(), 'imprint-qemu-'));
  const files = {
    serial: join(work, 'serial.log'),
    debugcon: join(work, 'debugcon.log'),
    trace: join(work, 'trace.log'),
    events: join(work, 'events'),
    sercon: join(work, 'sercon-port'),
    vars: join(work, 'vars.fd'),
    overlay: join(work, 'stick.qcow2'),
  };
  const started = Date.now();
  let qemu: ChildProcess | null = null;
  try {
    const args = qemuArgs(stick, opts.firmware, files);
    qemu = spawn('setpriv', ['--pdeathsig', 'KILL', '--', QEMU, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const verdict = await watch(qemu, opts, files, started);
    return { firmware: opts.firmware, ...verdict, seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    if (qemu !== null) await stop(qemu);
    rmSync(work, { recursive: true, force: true });
  }
}

type Files = Record<'serial' | 'debugcon' | 'trace' | 'events' | 'sercon' | 'vars' | 'overlay', string>;

// QEMU option values escape a comma by doubling it.
const q = (path: string): string => path.replaceAll(',', ',,');

/** The -drive value for the stick: the device or file itself, or a zero-padded overlay of a small image file. */
function stickDrive(stick: string, overlay: string): string {
  const info = statSync(stick);
  if (!info.isFile() || info.size >= MIN_STICK_BYTES) return `file=${q(stick)},format=raw`;
  // -u: do not open the backing file now; QEMU opens it read-only with the overlay.
  execFileSync('qemu-img', ['create', '-q', '-u', '-f', 'qcow2', '-F', 'raw', '-b', resolve(stick), overlay, String(MIN_STICK_BYTES)]);
  return `file=${q(overlay)},format=qcow2`;
}

function qemuArgs(stick: string, firmware: Firmware, files: Files): string[] {
  const common = [
    '-nodefaults', '-no-user-config', '-machine', 'q35,accel=tcg', '-smp', '1', '-m', '256',
    '-display', 'none', '-nic', 'none', '-no-reboot',
    '-chardev', `file,id=serial,path=${q(files.serial)}`, '-serial', 'chardev:serial',
    '-device', 'qemu-xhci',
    '-drive', `if=none,id=stick,${stickDrive(stick, files.overlay)},readonly=on`,
    '-device', 'usb-storage,drive=stick,bootindex=0',
  ];
  if (firmware === 'ovmf') {
    copyFileSync(OVMF_VARS, files.vars);
    return [
      ...common,
      '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${q(OVMF_CODE)}`,
      '-drive', `if=pflash,format=raw,unit=1,file=${q(files.vars)}`,
    ];
  }
  writeFileSync(files.events, `${READ_EVENT}\n`);
  // SeaBIOS reads etc/sercon-port as a little-endian integer: the I/O port of the serial console (COM1).
  writeFileSync(files.sercon, Buffer.from([0xf8, 0x03]));
  return [
    ...common,
    '-bios', SEABIOS_BIN,
    '-chardev', `file,id=debugcon,path=${q(files.debugcon)}`, '-device', 'isa-debugcon,iobase=0x402,chardev=debugcon',
    '-fw_cfg', `name=etc/sercon-port,file=${q(files.sercon)}`,
    '-trace', `events=${q(files.events)},file=${q(files.trace)}`,
  ];
}

interface Answer {
  started: boolean;
  outcome: BootOutcome;
  evidence: string;
  sectorsReadAfterJump: number | null;
}

/** Polls the logs until the firmware's answer is known, QEMU exits, or the time runs out. */
function watch(qemu: ChildProcess, opts: BootOptions, files: Files, t0: number): Promise<Answer> {
  const timeoutMs = (opts.timeoutSeconds ?? 90) * 1000;
  let stderr = '';
  qemu.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  let spawnError: Error | null = null;
  qemu.on('exit', () => (exited = true));
  qemu.on('error', (error) => (spawnError = error));
  const seabios = new SeabiosWatch(opts);
  const ovmf = new OvmfWatch(opts);
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (spawnError !== null) {
        reject(spawnError);
        return;
      }
      const logs = { serial: readLog(files.serial), debugcon: readLog(files.debugcon), trace: readLog(files.trace) };
      const now = Date.now();
      const answer = opts.firmware === 'seabios' ? seabios.update(logs, now, exited) : ovmf.update(logs.serial, now, exited);
      if (answer !== null) {
        resolve(answer);
        return;
      }
      if (exited) {
        reject(new Error(`QEMU exited before the firmware answered.\n${stderr.trim()}\n${tail(clean(logs.serial))}`));
        return;
      }
      if (now - t0 > timeoutMs) {
        const last = opts.firmware === 'seabios' ? seabios.evidence(logs) : ovmf.evidence(logs.serial);
        resolve({ started: false, outcome: 'timeout', evidence: `no answer within ${timeoutMs / 1000} s\n${last}`, sectorsReadAfterJump: null });
        return;
      }
      setTimeout(tick, POLL_MS);
    };
    setTimeout(tick, POLL_MS);
  });
}

interface SeabiosLogs {
  serial: string;
  debugcon: string;
  trace: string;
}

const JUMP = 'Booting from 0000:7c00';

class SeabiosWatch {
  private lastReads = 0;
  private lastReadAt = 0;

  constructor(private readonly opts: BootOptions) {}

  update(logs: SeabiosLogs, now: number, exited: boolean): Answer | null {
    const jumped = logs.debugcon.includes(JUMP);
    if (!jumped) {
      // Without the jump, SeaBIOS says why the stick (its first boot entry) failed, then tries others.
      if (/^Boot failed: /m.test(logs.debugcon) || logs.debugcon.includes('No bootable device')) {
        return this.answer(logs, false, 'not-bootable');
      }
      return null;
    }
    const reads = readsAfterJump(logs.trace);
    if (reads.commands > this.lastReads || this.lastReadAt === 0) {
      this.lastReads = reads.commands;
      this.lastReadAt = now;
    }
    const expect = this.opts.expectOutput;
    const proven = expect === undefined ? reads.commands > 0 : expect.test(clean(logs.serial));
    if (proven) return this.answer(logs, true, 'started');
    // The boot code went back to the BIOS (int 18h/19h: "Booting from …" again), stopped reading, or QEMU stopped.
    const gaveUp = logs.debugcon.split(JUMP)[1]?.includes('Booting from') === true || logs.debugcon.includes('No bootable device');
    const idle = now - this.lastReadAt > (this.opts.idleSeconds ?? 4) * 1000;
    if (gaveUp || idle || exited) return this.answer(logs, false, reads.commands > 0 ? 'no-proof' : 'boot-code-idle');
    return null;
  }

  evidence(logs: SeabiosLogs): string {
    const reads = readsAfterJump(logs.trace);
    const bios = logs.debugcon
      .split('\n')
      .filter((l) => /^SeaBIOS \(version|^Booting from|^Boot failed|^No bootable device|^enter handle_1[89]/.test(l));
    const readLines = logs.trace.split('\n').filter((l) => l.includes(READ_EVENT));
    const shown = [...readLines.slice(0, 6), ...(readLines.length > 6 ? [`… ${readLines.length - 6} more`] : [])];
    return [
      'SeaBIOS debug console:',
      ...bios.map((l) => `  ${l}`),
      `USB disk reads (${READ_EVENT}): ${readLines.length}; after the jump: ${reads.commands} commands, ${reads.sectors} sectors`,
      ...shown.map((l) => `  ${l}`),
      'Serial console (the BIOS screen):',
      ...tail(clean(logs.serial), 12).split('\n').map((l) => `  ${l}`),
    ].join('\n');
  }

  private answer(logs: SeabiosLogs, started: boolean, outcome: BootOutcome): Answer {
    return { started, outcome, evidence: this.evidence(logs), sectorsReadAfterJump: readsAfterJump(logs.trace).sectors };
  }
}

/**
 * Reads after SeaBIOS's own read of the boot sector: the first READ of sector 0 is SeaBIOS loading
 * sector 0 to 0000:7c00 (it reads nothing else before the jump); every READ after it is the boot code's.
 */
export function readsAfterJump(trace: string): { commands: number; sectors: number } {
  const reads = [...trace.matchAll(/scsi_disk_dma_command_READ Read \(sector (\d+), count (\d+)\)/g)].map((m) => ({
    sector: Number(m[1]),
    count: Number(m[2]),
  }));
  const first = reads.findIndex((r) => r.sector === 0);
  const after = first === -1 ? [] : reads.slice(first + 1);
  return { commands: after.length, sectors: after.reduce((sum, r) => sum + r.count, 0) };
}

const BDS = /BdsDxe: (loading|starting|failed to load|failed to start) (Boot[0-9A-F]{4}) "([^"]*)" from (\S+)(?:: (.*))?$/;
const ON_STICK = 'USB(';

class OvmfWatch {
  private failedAt = 0;

  constructor(private readonly opts: BootOptions) {}

  update(serial: string, now: number, exited: boolean): Answer | null {
    const lines = clean(serial).split('\n');
    const events = lines.map((l) => BDS.exec(l)).filter((m) => m !== null);
    const startedAt = events.findIndex((m) => m[1] === 'starting' && m[4]?.includes(ON_STICK));
    if (startedAt !== -1) {
      const expect = this.opts.expectOutput;
      if (expect === undefined) return this.answer(serial, true, 'started');
      const after = clean(serial).split(events[startedAt]?.[0] ?? '').slice(1).join('');
      if (expect.test(after)) return this.answer(serial, true, 'started');
      // The loader returned to the firmware, or the firmware went on to another boot option.
      if (events.slice(startedAt + 1).length > 0 || exited) return this.answer(serial, false, 'no-proof');
      return null;
    }
    const failed = events.findIndex((m) => m[1] === 'failed to load' && m[4]?.includes(ON_STICK));
    const elsewhere = events.some((m) => m[1] === 'loading' && !m[4]?.includes(ON_STICK));
    if (failed !== -1 && this.failedAt === 0) this.failedAt = now;
    // Done when the firmware moved on to a boot option off the stick (Debian's OVMF: its built-in
    // shell), found nothing more to boot, or went quiet after the stick's failure.
    const moved = elsewhere || /BdsDxe: No bootable option/.test(serial);
    if (moved || exited || (this.failedAt !== 0 && now - this.failedAt > 5000)) return this.answer(serial, false, 'no-loader');
    return null;
  }

  evidence(serial: string): string {
    const text = clean(serial);
    const lines = text.split('\n');
    const bds = lines.filter((l) => l.includes('BdsDxe:'));
    const startedLine = bds.find((l) => l.includes('starting') && l.includes(ON_STICK));
    const loader = startedLine === undefined ? [] : text.split(startedLine).slice(1).join('').split('\n').filter((l) => l.trim() && !l.includes('BdsDxe:'));
    return ['OVMF serial console:', ...bds.map((l) => `  ${l}`), ...(loader.length > 0 ? ['Loader output:', ...loader.slice(0, 8).map((l) => `  ${l}`)] : [])].join('\n');
  }

  private answer(serial: string, started: boolean, outcome: BootOutcome): Answer {
    return { started, outcome, evidence: this.evidence(serial), sectorsReadAfterJump: null };
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return ''; // not created yet
  }
}

/** Console text without terminal escape sequences, carriage returns and backspaces. */
export function clean(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?=]*[A-Za-z]|\x1b[A-Za-z]/g, '') // eslint-disable-line no-control-regex
    .replace(/[ \t]*\x08[ \t]*/g, '') // eslint-disable-line no-control-regex
    .replace(/\r/g, '');
}

function tail(text: string, lines = 20): string {
  return text.split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
}

/** SIGTERM, then SIGKILL if QEMU has not gone within 3 s; resolves once it has exited. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
