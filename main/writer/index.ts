// Entry of the privileged writer process.
//   stdio mode (default; direct child or pkexec):  writer --parent-pid <pid>
//   socket mode (macOS / Windows elevation):       writer --parent-pid <pid> --socket <path> --secret-file <file>
// It never prints to stdout except protocol messages; nothing secret is ever logged.

import { parseArgs } from 'node:util';
import { acceptAuthenticated, readSecretFile } from './authenticate.js';
import { lineChannel, type LineChannel } from './line-channel.js';
import { runWriter } from './run-writer.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--imprint-writer' && a !== '--no-sandbox'),
    options: { 'parent-pid': { type: 'string' }, socket: { type: 'string' }, 'secret-file': { type: 'string' } },
    strict: true,
  });
  const parentPid = values['parent-pid'] ? Number(values['parent-pid']) : null;
  let channel: LineChannel;
  if (values.socket) {
    const secretFile = values['secret-file'];
    if (!secretFile) throw new Error('--socket needs --secret-file');
    const secret = readSecretFile(secretFile);
    ({ channel } = await acceptAuthenticated(values.socket, secret, 120_000));
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
