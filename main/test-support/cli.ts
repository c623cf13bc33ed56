// Runs the built CLI (dist/cli.js) as a real process.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Wrap the command, e.g. ['unshare', '-m', …] or ['setpriv', …]. */
  prefix?: string[];
  input?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export function startImprint(args: string[], opts: CliOptions = {}): ChildProcess {
  const argv = [...(opts.prefix ?? []), process.execPath, CLI, ...args];
  const [command, ...rest] = argv as [string, ...string[]];
  return spawn(command, rest, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess, opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`imprint did not finish within ${opts.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export function runImprint(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return collect(startImprint(args, opts), opts);
}

/** Parses --json output: one object per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
