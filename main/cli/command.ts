import type { Readable, Writable } from 'node:stream';

/** Exit codes of the imprint CLI (documented in the README). */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** Bad usage, or refused by a safety rule: nothing was written. */
  refused: 2,
  /** Verification found a difference between the drive and the image. */
  mismatch: 3,
} as const;

export interface CliContext {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line for "imprint --help". */
  summary: string;
  /** The full usage text for "imprint <name> --help". */
  usage: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}
