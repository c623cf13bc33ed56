// Newline-delimited JSON over a byte stream (stdio pipes, a Unix socket or a named pipe), with a
// bound on line length so a peer cannot make the other side buffer without limit.
//
// It lives in the engine because both ends of the writer pipeline use it and the engine is the one
// layer both may import: main's side is main/supervisor/ (job-runner.ts: one job at a time;
// writer-session.ts: starts the writer and opens this channel; run-job.ts: relays a job), the
// privileged side is main/writer/ (index.ts, authenticate.ts, run-writer.ts); the messages are
// app/writer-protocol.ts. The window's requests reach the supervisor from main/service/handlers/jobs.ts.

import type { Readable, Writable } from 'node:stream';

const MAX_LINE = 1024 * 1024;

export interface LineChannel {
  send(message: unknown): void;
  onLine(listener: (line: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export function lineChannel(input: Readable, output: Writable, destroy: () => void = () => undefined): LineChannel {
  let buffered = '';
  const lineListeners: ((line: string) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let closed = false;
  const fireClose = (): void => {
    if (closed) return;
    closed = true;
    for (const l of closeListeners) l();
  };
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim()) for (const l of lineListeners) l(line);
      newline = buffered.indexOf('\n');
    }
    if (buffered.length > MAX_LINE) {
      buffered = '';
      destroy();
      fireClose();
    }
  });
  input.on('end', fireClose);
  input.on('close', fireClose);
  input.on('error', fireClose);
  output.on('error', fireClose);
  return {
    send(message) {
      if (!closed && output.writable) output.write(`${JSON.stringify(message)}\n`);
    },
    onLine(listener) {
      lineListeners.push(listener);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      destroy();
      fireClose();
    },
  };
}
