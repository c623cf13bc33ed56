// Process entry of the imprint CLI: Ctrl-C cancels the running job cleanly (a second one exits at once).

import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  interrupts += 1;
  // A second signal quits at once, with the shell's code for death by that signal (128 + its number).
  if (interrupts > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  const again = signal === 'SIGINT' ? 'press Ctrl-C again' : `send ${signal} again`;
  process.stderr.write(`\n${signal === 'SIGINT' ? 'Cancelling' : `Received ${signal}, cancelling`}… (${again} to quit at once)\n`);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: controller.signal,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
    // stdin may hold the event loop open after a prompt.
    process.stdin.unref?.();
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
