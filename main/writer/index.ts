// Entry of the privileged writer process.
//   stdio mode (default; direct child or pkexec):  writer --parent-pid <pid>
//   socket mode (macOS / Windows elevation):       writer --parent-pid <pid> --socket <path> --secret-file <file> [--client-uid <uid>]
// It never prints to stdout except protocol messages; nothing secret is ever logged.

import { parseArgs } from 'node:util';
import { setDumpable } from '../../native/index.js';
import { acceptAuthenticated, readSecretFile } from './authenticate.js';
import { lineChannel, type LineChannel } from '../engine/line-channel.js';
import { runWriter } from './run-writer.js';

function optionalId(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,10}$/.test(value)) throw new Error(`${name} must be a number`);
  return Number(value);
}

async function main(): Promise<number> {
  // Linux: nobody but root may reach our fds (/proc/<pid>/fd, ptrace, pidfd_getfd). Run directly as
  // the same user, another process of that user could otherwise take our stdin and send a job.
  // pkexec's children are root's already; this covers a writer started by a non-root main.
  if (process.platform === 'linux') setDumpable(false);
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--imprint-writer' && a !== '--no-sandbox'),
    options: {
      'parent-pid': { type: 'string' },
      socket: { type: 'string' },
      'secret-file': { type: 'string' },
      'client-uid': { type: 'string' },
    },
    strict: true,
  });
  const parentPid = optionalId(values['parent-pid'], '--parent-pid');
  let channel: LineChannel;
  if (values.socket) {
    const secretFile = values['secret-file'];
    if (!secretFile) throw new Error('--socket needs --secret-file');
    const clientUid = process.platform === 'win32' ? null : optionalId(values['client-uid'], '--client-uid');
    if (process.platform !== 'win32' && clientUid === null) throw new Error('--socket needs --client-uid');
    // Read before the socket exists: main deletes its file once it can connect.
    const secret = readSecretFile(secretFile, clientUid);
    // osascript/UAC leave no PKEXEC_UID/SUDO_UID: the user who asked is main's uid, and the image is
    // opened with that user's rights like under pkexec (engine/sources/real-user.ts reads it from here).
    if (clientUid !== null && clientUid !== 0) process.env.PKEXEC_UID = String(clientUid);
    channel = await acceptAuthenticated({ socketPath: values.socket, secret, timeoutMs: 120_000, clientUid, parentPid });
  } else {
    channel = lineChannel(process.stdin, process.stdout, () => process.stdin.destroy());
  }
  // Signals cancel through the same path as a vanished parent: the channel closes, the job aborts cleanly.
  const close = (): void => channel.close();
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
  return runWriter({ channel, parentPid });
}

main().then(
  (code) => {
    // Let the last message drain (sockets write asynchronously), but never linger.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`imprint writer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
