// Socket mode (elevation methods that do not keep stdio: macOS administrator prompt, Windows UAC):
// the writer listens on a socket only main's user can reach and accepts only the client that
// presents the one-time secret main wrote to a file only that user can read. The secret is never in
// argv, the environment or a log.
//   Unix: a 0600 socket owned by main's uid, in a folder the writer (root) made itself
//         (socket-folder.ts); wrong secrets are refused, the first right one wins.
//   Windows: a named pipe with an explicit ACL, one instance only (win-pipe.ts); its first client
//         must present the secret, otherwise the writer exits.

import { timingSafeEqual } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { parseToWriter } from '../../app/writer-protocol.js';
import { lineChannel, type LineChannel } from '../engine/line-channel.js';
import { closeSocketFolder, listenPrivately, makeSocketFolder } from './socket-folder.js';
import { acceptPipe } from './win-pipe.js';

export { readSecretFile } from './secret-file.js';

const AUTH_TIMEOUT_MS = 5000;

export interface AcceptOptions {
  socketPath: string;
  secret: string;
  timeoutMs: number;
  /** Unix: main's uid, the only user that may connect. Null on Windows. */
  clientUid: number | null;
  /** Windows: main's pid, whose user the pipe's ACL admits. */
  parentPid: number | null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads the client's first line: resolves true for the right secret, false (after a "refused") otherwise. */
function authenticate(socket: Socket, secret: string): Promise<{ ok: boolean; channel: LineChannel }> {
  const channel = lineChannel(socket, socket, () => socket.end());
  return new Promise((resolve) => {
    let decided = false;
    const decide = (ok: boolean, reason = ''): void => {
      if (decided) return;
      decided = true;
      clearTimeout(timer);
      if (!ok) {
        channel.send({ type: 'refused', reason });
        socket.end();
      }
      resolve({ ok, channel });
    };
    const timer = setTimeout(() => decide(false, 'no credentials'), AUTH_TIMEOUT_MS);
    channel.onClose(() => decide(false, 'closed'));
    channel.onLine((line) => {
      if (decided) return;
      let message;
      try {
        message = parseToWriter(line);
      } catch {
        decide(false, 'malformed message');
        return;
      }
      if (message.type !== 'auth' || !sameSecret(message.secret, secret)) decide(false, 'wrong secret');
      else decide(true);
    });
  });
}

/** Resolves with the authenticated client's channel; rejects after `timeoutMs` without one. */
export function acceptAuthenticated(options: AcceptOptions): Promise<LineChannel> {
  if (process.platform === 'win32') return acceptOnPipe(options);
  const { socketPath, secret, clientUid } = options;
  if (clientUid === null) return Promise.reject(new Error('--socket needs --client-uid'));
  const dir = makeSocketFolder(socketPath);
  return new Promise((resolve, reject) => {
    const server = createServer();
    let done = false;
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      // One client only: stop accepting (and remove the socket and folder) once it is decided.
      closeSocketFolder(server, dir);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('no authenticated client connected in time'));
    }, options.timeoutMs);
    server.on('connection', (socket) => {
      void authenticate(socket, secret).then(({ ok, channel }) => {
        if (!ok || done) {
          if (ok) socket.end();
          return;
        }
        finish();
        resolve(channel);
      });
    });
    server.on('error', (error) => {
      finish();
      reject(error);
    });
    listenPrivately(server, socketPath, clientUid);
  });
}

async function acceptOnPipe(options: AcceptOptions): Promise<LineChannel> {
  if (options.parentPid === null) throw new Error('--socket needs --parent-pid on Windows');
  const socket = await acceptPipe(options.socketPath, options.parentPid, options.timeoutMs);
  const { ok, channel } = await authenticate(socket, options.secret);
  if (!ok) throw new Error('the first client of the pipe did not present the secret');
  return channel;
}
