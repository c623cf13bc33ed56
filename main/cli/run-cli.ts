// Dispatches "imprint <command> …" to a command; every error becomes a message and an exit code.

// The version is package.json's, bundled in by esbuild (only this field of the file).
import { version as VERSION } from '../../package.json';
import { EXIT, type CliContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { reportError, usageError } from './output.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: imprint <command> [options]',
    '',
    'Write disk images to USB sticks and SD cards, and prove every byte landed.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "imprint <command> --help" for the options of a command.',
    'Exit codes: 0 success, 1 failed, 2 bad usage or refused (nothing written), 3 verification mismatch.',
  ].join('\n');
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(`${help()}\n`);
    return name === undefined ? EXIT.refused : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    ctx.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes('--json');
  if (!command) return reportError(ctx, usageError(`Unknown command "${name}".`), json);
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    return reportError(ctx, error, json);
  }
}
