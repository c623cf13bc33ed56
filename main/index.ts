// Electron main process: a table of contents. Each concern lives in its own setupX() module.
// Started with --imprint-writer, the same binary runs the privileged writer instead (no window,
// no renderer), which keeps Electron's RunAsNode fuse off.

import { join } from 'node:path';

if (process.argv.includes('--imprint-writer')) {
  // The writer bundle sits next to this one; a computed path keeps it out of this bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(__dirname, 'writer.js'));
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(join(__dirname, 'app-main.js')) as { startApp(): void }).startApp();
}
