// Starts the privileged writer and talks to it. Stdio is the channel wherever the launch keeps it
// (a direct child, pkexec); otherwise a socket the writer makes in its own root-owned folder plus a
// one-time secret (macOS, Windows). On Linux main is undumpable while a session lives, so no other
// process of the user can take main's end of the writer's pipes (undumpable.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ImprintError } from '../../app/errors.js';
import { parseFromWriter, type FromWriter, type ToWriter } from '../../app/writer-protocol.js';
import { lineChannel, type LineChannel } from '../engine/line-channel.js';
import { currentPlatform, type Platform } from '../engine/platform.js';
import { elevationError, osascriptFailure, pkexecFailure, uacFailure } from './elevation-failure.js';
import { launchPlan, socketChannel, type LaunchPlan, type SocketChannel, type WriterCommand } from './launch-plan.js';
import { holdUndumpable } from './undumpable.js';

export interface WriterLaunch {
  writer: WriterCommand;
  platform?: Platform;
  /** Defaults to "running as root/administrator now". */
  isElevated?: boolean;
  /** How long to wait for the writer (including the user typing a password). */
  readyTimeoutMs?: number;
  /** Where the writer makes its socket folder (socket mode); defaults to SOCKET_PARENT. */
  socketParent?: string;
}

export interface WriterSession {
  /** The writer's process id when it is our direct child (stdio mode). */
  readonly pid: number | undefined;
  send(message: ToWriter): void;
  onMessage(listener: (message: FromWriter) => void): void;
  /** Fires once when the writer is gone (exit or closed channel), with what it printed to stderr. */
  onGone(listener: (stderr: string) => void): void;
  kill(): void;
}

/** A session plus, once its helper has exited, why the writer never started (null: no such failure). */
interface Started {
  session: WriterSession;
  startFailure(): ImprintError | null;
}

function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

export async function startWriter(launch: WriterLaunch): Promise<WriterSession> {
  const platform = launch.platform ?? currentPlatform();
  const timeoutMs = launch.readyTimeoutMs ?? 120_000;
  // Before any pipe to the writer exists.
  const release = holdUndumpable();
  let privateDir: string | null = null;
  const cleanup = (): void => {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    release();
  };
  try {
    privateDir = mkdtempSync(join(tmpdir(), 'imprint-'));
    const channel = socketChannel(platform, randomBytes(16).toString('hex'), privateDir, launch.socketParent);
    const plan = launchPlan({
      platform,
      isElevated: launch.isElevated ?? currentUid() === 0,
      writer: launch.writer,
      parentPid: process.pid,
      socket: channel,
      clientUid: currentUid(),
    });
    const started = plan.mode === 'stdio' ? stdioSession(plan) : await socketSession(plan, channel, timeoutMs);
    await waitReady(started, timeoutMs);
    started.session.onGone(cleanup);
    return started.session;
  } catch (error) {
    cleanup();
    throw error;
  }
}

function sessionOver(channel: LineChannel, child: ChildProcess | null, stderr: () => string): WriterSession {
  const goneListeners: ((stderr: string) => void)[] = [];
  let gone = false;
  const fireGone = (): void => {
    if (gone) return;
    gone = true;
    for (const l of goneListeners) l(stderr());
  };
  // A child is gone once it exited and its pipes are drained ('close'), so its stderr is complete.
  if (child) child.on('close', fireGone);
  else channel.onClose(fireGone);
  return {
    pid: child?.pid,
    send: (message) => channel.send(message),
    onMessage(listener) {
      channel.onLine((line) => {
        try {
          listener(parseFromWriter(line));
        } catch {
          // A malformed line is ignored; a writer that only sends garbage ends up reported as gone.
        }
      });
    },
    onGone(listener) {
      if (gone) listener(stderr());
      else goneListeners.push(listener);
    },
    kill() {
      child?.kill('SIGTERM');
      channel.close();
    },
  };
}

function collectStderr(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  // A reset pipe is not worth crashing main for: the child's exit tells what happened.
  child.stderr?.on('error', () => undefined);
  return () => stderr;
}

function stdioSession(plan: LaunchPlan): Started {
  const child = spawn(plan.command, plan.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = collectStderr(child);
  // A program that cannot be spawned at all (no pkexec) emits 'error', then 'close'.
  let spawnError: Error | null = null;
  child.on('error', (error) => {
    spawnError = error;
  });
  const channel = lineChannel(child.stdout, child.stdin, () => child.stdin.end());
  return {
    session: sessionOver(channel, child, stderr),
    startFailure() {
      if (spawnError) return new ImprintError('E_ELEVATION_FAILED', { detail: `${plan.command}: ${spawnError.message}` });
      const failure = plan.elevation === 'pkexec' ? pkexecFailure(child.exitCode, stderr()) : null;
      return failure ? elevationError(failure, stderr()) : null;
    },
  };
}

/**
 * Whether the writer's socket is there to connect to. The folder must be root's (only root can
 * create it under the root-owned parent) and the socket ours (the writer hands it to us): anything
 * else in that place was made by someone else, and we would be sending them the secret.
 */
function writerSocketReady(socketPath: string, uid: number | null): boolean {
  if (uid === null) return true; // Windows: the pipe's ACL and the secret do this job.
  const folder = dirname(socketPath);
  const dir = lstatOrNull(folder);
  if (!dir) return false;
  if (!dir.isDirectory() || dir.uid !== 0 || (dir.mode & 0o022) !== 0) {
    throw new ImprintError('E_ELEVATION_FAILED', { detail: `${folder} was not made by the writer` });
  }
  const socket = lstatOrNull(socketPath);
  if (!socket) return false;
  if (socket.isSocket() && socket.uid === uid) return true;
  // Root's socket not yet handed over to us: the writer is between bind and chown.
  if (socket.isSocket() && socket.uid === 0) return false;
  throw new ImprintError('E_ELEVATION_FAILED', { detail: `${socketPath} is not the writer's socket` });
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function helperFailure(plan: LaunchPlan, exitCode: number | null, stderr: string): ImprintError | null {
  const failure = plan.elevation === 'osascript' ? osascriptFailure(exitCode, stderr) : plan.elevation === 'uac' ? uacFailure(exitCode, stderr) : null;
  return failure ? elevationError(failure, stderr) : null;
}

/** Connects to the writer's socket (retrying while it starts), then proves who we are with the secret. */
export async function socketSession(plan: LaunchPlan, channel: SocketChannel, timeoutMs: number): Promise<Started> {
  const { secretFile } = channel;
  const secret = randomBytes(32).toString('hex');
  writeFileSync(secretFile, secret, { mode: 0o600, flag: 'wx' });
  const child = spawn(plan.command, plan.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collectStderr(child);
  try {
    return await connectToWriter(plan, channel, secret, child, stderr, timeoutMs);
  } catch (error) {
    // Do not leave a password prompt behind for a session that has failed.
    if (child.exitCode === null) child.kill();
    throw error;
  }
}

async function connectToWriter(
  plan: LaunchPlan,
  { socketPath, secretFile }: SocketChannel,
  secret: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<Started> {
  let spawnError: Error | null = null;
  child.on('error', (error) => {
    spawnError = error;
  });
  const uid = currentUid();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new ImprintError('E_ELEVATION_FAILED', { detail: `${plan.command}: ${(spawnError as Error).message}` });
    if (child.exitCode !== null && child.exitCode !== 0) {
      throw helperFailure(plan, child.exitCode, stderr()) ?? new ImprintError('E_ELEVATION_FAILED', { detail: stderr().trim() || undefined });
    }
    if (writerSocketReady(socketPath, uid)) {
      try {
        const socket = await new Promise<ReturnType<typeof connect>>((resolve, reject) => {
          const s = connect(socketPath, () => resolve(s));
          s.once('error', reject);
        });
        // The writer read the secret before it made the socket: the file has done its job.
        rmSync(secretFile, { force: true });
        const lines = lineChannel(socket, socket, () => socket.end());
        lines.send({ type: 'auth', secret });
        // The elevation helper (osascript, powershell) exits early; the writer itself is not our child.
        return { session: sessionOver(lines, null, stderr), startFailure: () => null };
      } catch {
        // Not accepting yet (or a stale socket): try again until the deadline.
      }
    }
    if (Date.now() > deadline) throw new ImprintError('E_ELEVATION_FAILED', { detail: stderr().trim() || 'the writer did not start' });
    await new Promise((r) => setTimeout(r, 100));
  }
}

function waitReady(started: Started, timeoutMs: number): Promise<void> {
  const { session } = started;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.kill();
      reject(new ImprintError('E_ELEVATION_FAILED', { detail: 'the writer did not answer' }));
    }, timeoutMs);
    session.onMessage((m) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (m.type === 'refused') {
        clearTimeout(timer);
        reject(new ImprintError('E_ELEVATION_FAILED', { detail: `the writer refused the connection: ${m.reason}` }));
      }
    });
    session.onGone((stderr) => {
      clearTimeout(timer);
      reject(started.startFailure() ?? new ImprintError('E_ELEVATION_FAILED', { detail: stderr.trim().split('\n').pop() || 'the writer exited at start' }));
    });
  });
}
