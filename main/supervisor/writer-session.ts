// Starts the privileged writer and talks to it. Stdio is the channel wherever the launch keeps it
// (a direct child, pkexec); otherwise a private socket plus a one-time secret (macOS, Windows).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImprintError } from '../../app/errors.js';
import { parseFromWriter, type FromWriter, type ToWriter } from '../../app/writer-protocol.js';
import { lineChannel, type LineChannel } from '../writer/line-channel.js';
import { launchPlan, pkexecFailure, type LaunchPlan, type Platform, type WriterCommand } from './launch-plan.js';

export interface WriterLaunch {
  writer: WriterCommand;
  platform?: Platform;
  /** Defaults to "running as root/administrator now". */
  isElevated?: boolean;
  /** How long to wait for the writer (including the user typing a password). */
  readyTimeoutMs?: number;
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

function currentPlatform(): Platform {
  return process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
}

function isElevatedNow(): boolean {
  return typeof process.getuid === 'function' ? process.getuid() === 0 : false;
}

export async function startWriter(launch: WriterLaunch): Promise<WriterSession> {
  const platform = launch.platform ?? currentPlatform();
  const privateDir = mkdtempSync(join(tmpdir(), 'imprint-'));
  const socketPath = platform === 'win32' ? `\\\\.\\pipe\\imprint-${randomBytes(16).toString('hex')}` : join(privateDir, 'writer.sock');
  const secretFile = join(privateDir, 'secret');
  const plan = launchPlan({
    platform,
    isElevated: launch.isElevated ?? isElevatedNow(),
    writer: launch.writer,
    parentPid: process.pid,
    socket: { socketPath, secretFile },
  });
  const cleanup = (): void => rmSync(privateDir, { recursive: true, force: true });
  try {
    const session = plan.mode === 'stdio' ? stdioSession(plan) : await socketSession(plan, socketPath, secretFile, launch.readyTimeoutMs ?? 120_000);
    await waitReady(session, launch.readyTimeoutMs ?? 120_000);
    session.onGone(cleanup);
    return session;
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
  channel.onClose(() => {
    if (!child || child.exitCode !== null) fireGone();
  });
  child?.on('exit', () => setImmediate(fireGone));
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

function stdioSession(plan: LaunchPlan): WriterSession {
  const child = spawn(plan.command, plan.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const channel = lineChannel(child.stdout, child.stdin, () => child.stdin.end());
  const session = sessionOver(channel, child, () => stderr);
  if (plan.elevation === 'pkexec') {
    child.on('exit', (code) => {
      const failure = pkexecFailure(code, stderr);
      if (failure) stderr = `pkexec:${failure}\n${stderr}`;
    });
  }
  return session;
}

/** Connects to the writer's socket (retrying while it starts), then proves who we are with the secret. */
export async function socketSession(plan: LaunchPlan, socketPath: string, secretFile: string, timeoutMs: number): Promise<WriterSession> {
  const secret = randomBytes(32).toString('hex');
  writeFileSync(secretFile, secret, { mode: 0o600 });
  const child = spawn(plan.command, plan.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const socket = await new Promise<ReturnType<typeof connect>>((resolve, reject) => {
        const s = connect(socketPath, () => resolve(s));
        s.once('error', reject);
      });
      const channel = lineChannel(socket, socket, () => socket.end());
      channel.send({ type: 'auth', secret });
      // The elevation helper (osascript, powershell) exits early; the writer itself is not our child.
      return sessionOver(channel, null, () => stderr);
    } catch {
      if (Date.now() > deadline) throw new ImprintError('E_ELEVATION_FAILED', { detail: stderr.trim() || 'the writer did not start' });
      if (child.exitCode !== null && child.exitCode !== 0) {
        throw new ImprintError(child.exitCode === 1 ? 'E_ELEVATION_DISMISSED' : 'E_ELEVATION_FAILED', { detail: stderr.trim() || undefined });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function waitReady(session: WriterSession, timeoutMs: number): Promise<void> {
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
      if (stderr.startsWith('pkexec:no-agent')) reject(new ImprintError('E_ELEVATION_NO_AGENT'));
      else if (stderr.startsWith('pkexec:dismissed') || stderr.startsWith('pkexec:not-authorized')) reject(new ImprintError('E_ELEVATION_DISMISSED'));
      else reject(new ImprintError('E_ELEVATION_FAILED', { detail: stderr.trim().split('\n').pop() || 'the writer exited at start' }));
    });
  });
}
