// How the writer is started on each OS: directly when we already have the rights, otherwise through
// the platform's elevation prompt. Pure, so every platform's command line is tested here.

export type Platform = 'linux' | 'darwin' | 'win32';

export interface WriterCommand {
  /** The program and leading arguments that run the writer (Electron: the app binary with --imprint-writer). */
  command: string;
  args: string[];
}

export interface SocketChannel {
  /** Unix socket path in a private folder, or a Windows named pipe. */
  socketPath: string;
  /** File holding the one-time secret (mode 0600); its path, never its content, goes on the command line. */
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
  }
}

/** pkexec's exit codes: 126 the user dismissed the dialog, 127 not authorized or no agent. */
export function pkexecFailure(exitCode: number | null, stderr: string): 'dismissed' | 'no-agent' | 'not-authorized' | null {
  if (exitCode === 126) return 'dismissed';
  // "No authentication agent found", or polkitd itself not running ("Error getting authority").
  if (exitCode === 127) return /authentication agent|getting authority/i.test(stderr) ? 'no-agent' : 'not-authorized';
  return null;
}
