// Windows socket mode: the writer's named pipe, created by the native addon with an explicit ACL
// (SYSTEM and the user of main's process only), one instance, local clients only; see
// acceptPipeClient in native/src/block_win32.c. COMPILE-REVIEWED ONLY: it has never run, the
// project's tests have no Windows machine.

import { Socket } from 'node:net';
import { acceptPipeClient } from '../../native/index.js';

const PIPE_NAME = /^\\\\\.\\pipe\\imprint-[0-9a-f]{32}$/;

/** Waits (at most `timeoutMs`) for the pipe's one client and returns it as a socket. */
export async function acceptPipe(name: string, clientPid: number, timeoutMs: number): Promise<Socket> {
  if (!PIPE_NAME.test(name)) throw new Error(`the pipe must be \\\\.\\pipe\\imprint-<32 hex digits>, not ${name}`);
  const fd = await acceptPipeClient(name, clientPid, timeoutMs);
  return new Socket({ fd, readable: true, writable: true });
}
