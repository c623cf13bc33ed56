// How the writer is started on each OS: directly when we already have the rights, otherwise through
// the platform's elevation prompt. Pure, so every platform's command line is tested here.

import path from 'node:path';
import { assertNever } from '../../app/assert-never.js';
import type { Platform } from '../engine/platform.js';

export interface WriterCommand {
  /** The program and leading arguments that run the writer (Electron: the app binary with --imprint-writer). */
  command: string;
  args: string[];
}

export interface SocketChannel {
  /**
   * Unix: <root-owned parent>/imprint-<random>/writer.sock. The writer (root) creates that folder
   * itself, so root never follows a path the user controls (main/writer/socket-dir.ts).
   * Windows: a named pipe the writer creates with an explicit ACL.
   */
  socketPath: string;
  /** File holding the one-time secret (mode 0600, in main's private folder); its path, never its content, goes on the command line. */
  secretFile: string;
}

export type LaunchPlan =
  | { mode: 'stdio'; elevation: 'none' | 'pkexec'; command: string; args: string[] }
  | { mode: 'socket'; elevation: 'osascript' | 'uac'; command: string; args: string[] };

export interface PlanInput {
  platform: Platform;
  isElevated: boolean;
  writer: WriterCommand;
  parentPid: number;
  socket: SocketChannel;
  /** Main's uid (Unix): the only user the writer lets connect, and who must own the secret file. */
  clientUid: number | null;
}

/**
 * Where the writer makes its socket folder. It must be a real folder owned by root that nobody
 * else can rename entries in (not group/other-writable, or sticky): the writer checks every
 * component. macOS: /private/tmp (root, 1777; /tmp and /var are symlinks there, which the check
 * refuses). /private/var/run is not used: it is group-writable (daemon).
 */
export const SOCKET_PARENT = { darwin: '/private/tmp', linux: '/tmp' } as const;

/** The socket (or pipe) and secret file of one writer session; `random` is 32 hex digits. */
export function socketChannel(platform: Platform, random: string, privateDir: string, socketParent?: string): SocketChannel {
  if (platform === 'win32') return { socketPath: `\\\\.\\pipe\\imprint-${random}`, secretFile: path.win32.join(privateDir, 'secret') };
  const parent = socketParent ?? SOCKET_PARENT[platform];
  return { socketPath: path.posix.join(parent, `imprint-${random}`, 'writer.sock'), secretFile: path.posix.join(privateDir, 'secret') };
}

export interface AppLocation {
  isPackaged: boolean;
  /** process.execPath: the app binary. */
  execPath: string;
  /** app.getAppPath(): the unpackaged app folder (development). */
  appPath: string;
  env: Record<string, string | undefined>;
}

/**
 * The writer is this same binary in writer mode (see main/index.ts). Packaged as an AppImage, the
 * binary lives inside the user's FUSE mount of the AppImage, which root cannot read, so the writer
 * is started through the AppImage file itself ($APPIMAGE), which root mounts for itself. $APPIMAGE
 * is trusted only when we really run from that mount ($APPDIR contains our binary): the variable is
 * inherited by anything started from another AppImage, and root must not run some other program.
 */
export function writerCommandFor(app: AppLocation): WriterCommand {
  const args = ['--imprint-writer', '--no-sandbox'];
  if (!app.isPackaged) return { command: app.execPath, args: [app.appPath, ...args] };
  const { APPIMAGE: appImage, APPDIR: appDir } = app.env;
  if (appImage && appDir && path.posix.isAbsolute(appImage) && path.posix.isAbsolute(appDir)) {
    const inside = path.posix.relative(path.posix.normalize(appDir), path.posix.normalize(app.execPath));
    if (inside !== '' && !inside.startsWith('..') && !path.posix.isAbsolute(inside)) return { command: appImage, args };
  }
  return { command: app.execPath, args };
}

/** Quotes one argument for a POSIX shell (used inside AppleScript's "do shell script"). */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a string for AppleScript's string literal syntax. */
export function appleScriptString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Quotes one argument for PowerShell single-quoted strings. */
export function powerShellQuote(arg: string): string {
  return `'${arg.replace(/'/g, "''")}'`;
}

export function launchPlan(input: PlanInput): LaunchPlan {
  const { writer, parentPid, socket } = input;
  const stdioArgs = [...writer.args, '--parent-pid', String(parentPid)];
  if (input.isElevated) return { mode: 'stdio', elevation: 'none', command: writer.command, args: stdioArgs };
  const socketArgs = [...stdioArgs, '--socket', socket.socketPath, '--secret-file', socket.secretFile];
  if (input.clientUid !== null && input.platform !== 'win32') socketArgs.push('--client-uid', String(input.clientUid));
  switch (input.platform) {
    case 'linux':
      // pkexec keeps stdin/stdout, so the pipe itself is the authenticated channel.
      return { mode: 'stdio', elevation: 'pkexec', command: 'pkexec', args: ['--disable-internal-agent', writer.command, ...stdioArgs] };
    case 'darwin': {
      const line = [writer.command, ...socketArgs].map(shellQuote).join(' ');
      // "do shell script … with administrator privileges" waits for the command; run it in the background.
      const script = `do shell script ${appleScriptString(`${line} >/dev/null 2>&1 &`)} with prompt "Imprint needs to write to the drive." with administrator privileges`;
      return { mode: 'socket', elevation: 'osascript', command: '/usr/bin/osascript', args: ['-e', script] };
    }
    case 'win32': {
      // Start-Process joins -ArgumentList with spaces: each argument carries its own double quotes.
      const argList = socketArgs.map((a) => powerShellQuote(`"${a}"`)).join(',');
      const command = `Start-Process -FilePath ${powerShellQuote(writer.command)} -ArgumentList ${argList} -Verb RunAs -WindowStyle Hidden`;
      return { mode: 'socket', elevation: 'uac', command: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', command] };
    }
    default:
      return assertNever(input.platform);
  }
}
