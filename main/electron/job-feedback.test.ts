import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardClose, resultNotice } from './job-feedback.js';

const dialogAnswer = vi.hoisted(() => ({ value: 0 }));
vi.mock('electron', () => ({
  dialog: { showMessageBoxSync: () => dialogAnswer.value },
  Notification: class {
    static isSupported(): boolean {
      return false;
    }
  },
}));


function fakeService(busy: boolean) {
  return { busy, disposed: 0, dispose() {
    this.disposed += 1;
    return Promise.resolve();
  } };
}

function tryClose(win: EventEmitter): boolean {
  let prevented = false;
  win.emit('close', { preventDefault: () => (prevented = true) });
  return prevented;
}

describe('job feedback', () => {
  it('words the notification for success, cancel and failure', () => {
    expect(resultNotice(true, false, ['/dev/sdb']).title).toBe('Flash complete');
    expect(resultNotice(false, true, ['/dev/sdb']).title).toBe('Flash cancelled');
    expect(resultNotice(false, false, ['/dev/sdb', '/dev/sdc']).body).toContain('/dev/sdb, /dev/sdc');
  });

  it('closes freely when idle; while busy it asks, keeps writing, or cancels then closes', async () => {
    const idle = Object.assign(new EventEmitter(), { close: vi.fn() });
    guardClose(idle as never, fakeService(false) as never);
    expect(tryClose(idle)).toBe(false);

    const busyService = fakeService(true);
    const win = Object.assign(new EventEmitter(), { close: vi.fn() });
    guardClose(win as never, busyService as never);
    dialogAnswer.value = 0;
    expect(tryClose(win)).toBe(true);
    expect(busyService.disposed).toBe(0);
    dialogAnswer.value = 1;
    expect(tryClose(win)).toBe(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(busyService.disposed).toBe(1);
    expect(win.close).toHaveBeenCalled();
  });
});
