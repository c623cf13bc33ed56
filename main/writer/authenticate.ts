// Socket mode (elevation methods that do not keep stdio: macOS administrator prompt, Windows UAC):
// the writer listens on a private socket / named pipe and accepts only the client that presents
// the one-time secret main wrote to a file only the user can read. The secret is never in argv,
// the environment or a log. Wrong secrets are refused; the first right one wins.

import { timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { parseToWriter } from '../../app/writer-protocol.js';
import { lineChannel, type LineChannel } from './line-channel.js';

export function readSecretFile(path: string): string {
  const secret = readFileSync(path, 'utf8').trim();
  // One use only: nobody can read it after the writer has.
  unlinkSync(path);
  if (secret.length < 32) throw new Error('the secret file is too short');
  return secret;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Resolves with the authenticated client's channel; rejects after `timeoutMs` without one. */
export function acceptAuthenticated(socketPath: string, secret: string, timeoutMs: number): Promise<{ channel: LineChannel; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    const timer = setTimeout(() => {
      server.close();
      reject(new Error('no authenticated client connected in time'));
    }, timeoutMs);
    server.on('connection', (socket) => {
      const channel = lineChannel(socket, socket, () => socket.end());
      let decided = false;
      const refuse = (reason: string): void => {
        decided = true;
        channel.send({ type: 'refused', reason });
        socket.end();
      };
      const authTimer = setTimeout(() => {
        if (!decided) refuse('no credentials');
      }, 5000);
      channel.onLine((line) => {
        if (decided) return;
        clearTimeout(authTimer);
        let message;
        try {
          message = parseToWriter(line);
        } catch {
          refuse('malformed message');
          return;
        }
        if (message.type !== 'auth' || !sameSecret(message.secret, secret)) {
          refuse('wrong secret');
          return;
        }
        decided = true;
        clearTimeout(timer);
        // One client only: stop accepting the moment it is authenticated.
        server.close();
        resolve({ channel, server });
      });
    });
    server.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    server.listen(socketPath, () => {
      // The socket lives in main's private 0700 folder; let main (not root) connect to it.
      if (process.platform !== 'win32') chmodSync(socketPath, 0o666);
    });
  });
}
