// How scenarios look at answers and events: an answer must be ok and of its exact shape; a refusal
// must carry the expected code (never a message text: the words belong to each surface); events are
// recorded from the moment of listening, in order, and waited for by what they say.

import { expect } from 'vitest';
import type { ErrorCode, ErrorData } from '../../../app/errors.js';
import type { DriveView, EventChannel, Events, ImprintApi, Result } from '../../../app/ipc-contract.js';
import type { Validator } from '../../../app/validate.js';
import { driveView, errorData } from './shapes.js';

/** The value of an ok answer, checked against its shape. */
export function answer<T>(result: Result<T>, shape: Validator<unknown>): T {
  if (!result.ok) expect.fail(`expected an answer, got ${result.error.code}: ${result.error.message}`);
  shape(result.value, 'answer');
  return result.value;
}

/** The error of a refused request, checked against ErrorData's shape and the expected code. */
export function refusal(result: Result<unknown>, code: ErrorCode): ErrorData {
  if (result.ok) expect.fail(`expected ${code}, got the answer ${JSON.stringify(result.value)}`);
  errorData(result.error, 'error');
  expect(result.error.code).toBe(code);
  return result.error;
}

export interface RecordedEvent<E extends EventChannel = EventChannel> {
  channel: E;
  payload: Events[E];
}

export interface EventLog {
  readonly events: RecordedEvent[];
  /** The first event on the channel (already received or still to come) that matches. */
  next<E extends EventChannel>(channel: E, match?: (payload: Events[E]) => boolean): Promise<Events[E]>;
  of<E extends EventChannel>(channel: E): Events[E][];
  stop(): void;
}

/** Listens to every event channel through the API's own onX functions. */
export function listen(api: ImprintApi, timeoutMs: number): EventLog {
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const record = <E extends EventChannel>(channel: E) => (payload: Events[E]) => {
    events.push({ channel, payload });
    for (const wake of waiters) wake();
  };
  const offs = [
    api.onImageOpened(record('image:opened')),
    api.onDrivesChanged(record('drives:changed')),
    api.onSettingsChanged(record('settings:changed')),
    api.onJobProgress(record('job:progress')),
    api.onJobResult(record('job:result')),
  ];
  const of = <E extends EventChannel>(channel: E): Events[E][] => events.filter((e) => e.channel === channel).map((e) => e.payload as Events[E]);
  return {
    events,
    of,
    next(channel, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = of(channel).find(match);
          if (found === undefined) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching ${channel} event within ${timeoutMs} ms; got: ${events.map((e) => e.channel).join(', ') || 'none'}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    stop() {
      for (const off of offs) off();
    },
  };
}

/** The view of one device in a drive list (each checked against DriveView's shape), or undefined. */
export function viewOfDevice(views: DriveView[], device: string): DriveView | undefined {
  for (const [i, view] of views.entries()) driveView(view, `drives[${i}]`);
  return views.find((v) => v.device === device);
}

export const codes = (view: DriveView | undefined): string[] => (view ? view.verdict.findings.map((f) => f.code) : []);
