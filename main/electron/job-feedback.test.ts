import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { commandLineWords } from '../../app/errors.js';
import type { EventChannel, Events } from '../../app/ipc-contract.js';
import type { JobResult, Phase, TargetResult } from '../../app/progress.js';
import { closeDialog, guardClose, resultNotice, type JobStage } from './job-feedback.js';
import { CHECKSUM_FILE_EXTENSIONS, CLOSE_DIALOG, FILE_DIALOGS, MENU, NOTICE } from './window-texts.js';

const dialogAnswer = vi.hoisted(() => ({ value: 0, shown: [] as { title: string; message: string; detail: string; buttons: string[] }[] }));
vi.mock('electron', () => ({
  dialog: {
    showMessageBoxSync: (_win: unknown, options: { title: string; message: string; detail: string; buttons: string[] }) => {
      dialogAnswer.shown.push(options);
      return dialogAnswer.value;
    },
  },
  Notification: class {
    static isSupported(): boolean {
      return false;
    }
  },
}));


type Listener = <E extends EventChannel>(channel: E, payload: Events[E]) => void;

/** The parts of the service guardClose uses: busy, dispose, events, and job:current for the job's kind. */
function fakeService(busy: boolean, kind: 'flash' | 'verify' = 'flash') {
  const listeners = new Set<Listener>();
  return {
    busy,
    disposed: 0,
    dispose() {
      this.disposed += 1;
      return Promise.resolve();
    },
    onEvent(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handle: (channel: string) => Promise.resolve(channel === 'job:current' ? { ok: true, value: { kind } } : { ok: false }),
    progress(phase: Phase) {
      for (const l of listeners) l('job:progress', { jobId: 'j', progress: { phase, bytes: 0, total: 1, speed: 0, eta: null, targets: [] } });
    },
  };
}

const target = (overrides: Partial<TargetResult> = {}): TargetResult => ({
  device: '/dev/sdb',
  ok: true,
  written: true,
  verified: true,
  bytesWritten: 10,
  writeSpeed: 1,
  imageWritten: 'all',
  ...overrides,
});
const result = (overrides: Partial<JobResult> = {}): JobResult => ({
  kind: 'flash',
  ok: true,
  cancelled: false,
  image: 'debian.iso',
  size: 10,
  seconds: 1,
  targets: [target()],
  ...overrides,
});
const cancelled = { code: 'E_CANCELLED' as const, message: 'Cancelled.' };

/** Every result shape the engine and the service produce, for the scan of the window's words. */
const RESULTS: JobResult[] = [
  result(),
  result({ targets: [target({ verified: false, ejected: true })] }),
  result({ kind: 'verify', targets: [target({ written: false, imageWritten: undefined, bytesWritten: 0 })] }),
  result({ ok: false, cancelled: true, targets: [target({ ok: false, written: false, verified: false, imageWritten: 'nothing', error: cancelled })] }),
  result({ ok: false, cancelled: true, targets: [target({ ok: false, written: false, verified: false, imageWritten: 'partly', error: cancelled })] }),
  result({ ok: false, cancelled: true, targets: [target({ ok: false, verified: false, error: cancelled })] }),
  result({ ok: false, targets: [target({ ok: false, written: false, imageWritten: 'partly', error: { code: 'E_IO', message: 'm' } })] }),
  result({ kind: undefined, ok: false, targets: [target({ ok: false, written: false, imageWritten: undefined, error: { code: 'E_ELEVATION_DISMISSED', message: 'm' } })] }),
];

function tryClose(win: EventEmitter): boolean {
  let prevented = false;
  win.emit('close', { preventDefault: () => (prevented = true) });
  return prevented;
}

describe('job feedback', () => {
  it('says "written and verified" only when every drive was verified, and what else was done otherwise', () => {
    expect(resultNotice(result({ targets: [target({ ejected: true })] }))).toEqual({
      title: 'Writing complete',
      body: '/dev/sdb: written and verified. You can remove the drive.',
    });
    // Verification off: written, not verified; not ejected (none asked): eject first.
    expect(resultNotice(result({ targets: [target({ verified: false })] }))).toEqual({
      title: 'Writing complete',
      body: '/dev/sdb: written, not verified (verification is off in Settings). Eject the drive before you unplug it.',
    });
    // Two drives, one of them not ejected: both named, in one sentence each outcome.
    const two = resultNotice(result({ targets: [target({ ejected: true }), target({ device: '/dev/sdc', ejected: false })] }));
    expect(two.body).toBe('/dev/sdb, /dev/sdc: written and verified. Eject the drives before you unplug them.');
  });

  it('words a verify-only job as a check, never as writing', () => {
    const matched = result({ kind: 'verify', targets: [target({ written: false, imageWritten: undefined, bytesWritten: 0 })] });
    expect(resultNotice(matched)).toEqual({ title: 'Check complete', body: '/dev/sdb: matches the image.' });
    // From a writer that does not say what was asked: a success that wrote nothing only compared.
    expect(resultNotice({ ...matched, kind: undefined }).title).toBe('Check complete');
    const differs = result({
      kind: 'verify',
      ok: false,
      targets: [target({ ok: false, written: false, verified: false, imageWritten: undefined, error: { code: 'E_VERIFY_MISMATCH', message: 'm', offset: 9 } })],
    });
    expect(resultNotice(differs)).toEqual({ title: 'Check failed', body: '/dev/sdb: does not match the image. Open Imprint to see what happened and what to do.' });
    const stopped = result({ kind: 'verify', ok: false, cancelled: true, targets: [target({ ok: false, written: false, verified: false, imageWritten: undefined, error: cancelled })] });
    expect(resultNotice(stopped)).toEqual({ title: 'Check cancelled', body: '/dev/sdb: the check was cancelled; nothing was written.' });
  });

  it('says what a cancelled or failed drive holds, as the engine reported it', () => {
    const cancelledWith = (imageWritten: TargetResult['imageWritten']) =>
      resultNotice(result({ ok: false, cancelled: true, targets: [target({ ok: false, written: imageWritten === 'all', verified: false, imageWritten, error: cancelled })] }));
    expect(cancelledWith('nothing')).toEqual({ title: 'Writing cancelled', body: '/dev/sdb: cancelled before anything was written; the drive is as it was.' });
    expect(cancelledWith('partly').body).toBe('/dev/sdb: cancelled while writing; it holds an incomplete image and must be written again.');
    expect(cancelledWith('all').body).toBe('/dev/sdb: written, but the check was cancelled.');
    const failed = resultNotice(
      result({
        ok: false,
        targets: [
          target({ ok: false, written: false, imageWritten: 'partly', error: { code: 'E_IO', message: 'm' } }),
          target({ device: '/dev/sdc', ok: false, written: false, imageWritten: 'nothing', error: { code: 'E_BUSY', message: 'm' } }),
        ],
      }),
    );
    expect(failed).toEqual({
      title: 'Writing failed',
      body: '/dev/sdb: failed; it holds an incomplete image and must be written again. /dev/sdc: failed; nothing was written to it. Open Imprint to see what happened and what to do.',
    });
    // The job never reached the engine (the password prompt was dismissed): what was asked is not known.
    expect(resultNotice(RESULTS.at(-1) as JobResult)).toEqual({ title: 'Imprint could not finish', body: '/dev/sdb: failed. Open Imprint to see what happened and what to do.' });
  });

  it('words the close dialog by how far the job got', () => {
    const at = (stage: Partial<JobStage>) => closeDialog({ kind: null, phase: null, wrote: false, ...stage });
    expect(at({ phase: 'writing', wrote: true })).toMatchObject({ title: 'Imprint is writing', buttons: ['Keep writing', 'Cancel and close'], detail: CLOSE_DIALOG.detail.writing });
    expect(at({ kind: 'flash', phase: 'preparing' }).detail).toBe('Nothing has been written yet: the drives stay as they are.');
    expect(at({ phase: 'verifying', wrote: true }).detail).toBe(CLOSE_DIALOG.detail.checkingAfterWrite);
    expect(at({ phase: 'verifying' })).toMatchObject({ title: 'Imprint is checking a drive', detail: 'The check stops; nothing on the drive changes.' });
    expect(at({})).toMatchObject({ title: 'Imprint is working', buttons: ['Keep going', 'Cancel and close'] });
  });

  it('offers the window no flag, command, terminal or sudo: notifications, dialogs, menu', () => {
    const texts: string[] = [
      ...Object.values(MENU),
      ...Object.values(FILE_DIALOGS),
      ...RESULTS.flatMap((r) => Object.values(resultNotice(r))),
      ...(['preparing', 'writing', 'verifying', 'finishing', null] as const).flatMap((phase) =>
        [true, false].flatMap((wrote) =>
          (['flash', 'verify', null] as const).flatMap((kind) => {
            const d = closeDialog({ kind, phase, wrote });
            return [d.title, d.message, d.detail, ...d.buttons];
          }),
        ),
      ),
      ...Object.values(NOTICE).flatMap((v) => (typeof v === 'function' ? [v(1), v(2)] : typeof v === 'string' ? [v] : [])),
    ];
    expect(texts.length).toBeGreaterThan(40);
    for (const text of texts) expect(commandLineWords(text), text).toEqual([]);
    expect(CHECKSUM_FILE_EXTENSIONS).toEqual(['sha256', 'sha512', 'sha1', 'md5', 'txt', 'sum', '*']);
  });

  it('closes freely when idle; while busy it asks, keeps writing, or cancels then closes', async () => {
    const idle = Object.assign(new EventEmitter(), { close: vi.fn() });
    guardClose(idle as never, fakeService(false) as never);
    expect(tryClose(idle)).toBe(false);

    const busyService = fakeService(true);
    const win = Object.assign(new EventEmitter(), { close: vi.fn() });
    guardClose(win as never, busyService as never);
    busyService.progress('preparing');
    busyService.progress('writing');
    dialogAnswer.value = 0;
    expect(tryClose(win)).toBe(true);
    expect(dialogAnswer.shown.at(-1)).toMatchObject({ title: 'Imprint is writing', detail: CLOSE_DIALOG.detail.writing });
    expect(busyService.disposed).toBe(0);
    dialogAnswer.value = 1;
    expect(tryClose(win)).toBe(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(busyService.disposed).toBe(1);
    expect(win.close).toHaveBeenCalled();
  });

  it('learns a verify-only job from the service, and says closing leaves the drive as it is', async () => {
    const service = fakeService(true, 'verify');
    const win = Object.assign(new EventEmitter(), { close: vi.fn() });
    guardClose(win as never, service as never);
    service.progress('preparing');
    await Promise.resolve();
    await Promise.resolve();
    dialogAnswer.value = 0;
    expect(tryClose(win)).toBe(true);
    expect(dialogAnswer.shown.at(-1)).toMatchObject({ title: 'Imprint is checking a drive', buttons: ['Keep checking', 'Cancel and close'] });
    service.progress('verifying');
    tryClose(win);
    expect(dialogAnswer.shown.at(-1)?.detail).toBe('The check stops; nothing on the drive changes.');
  });
});
