// Process entry of the imprint CLI: Ctrl-C cancels the running job cleanly (a second one exits at once).

import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  process.stderr.write(`\n${signal === 'SIGINT' ? 'Cancelling' : `Received ${signal}, cancelling`}… (press Ctrl-C again to quit at once)\n`);
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
