// Open-with: one instance only. An image arrives on our command line at start, on a second
// instance's command line (focus the window), or by macOS open-file (possibly before the window exists).

import { app } from 'electron';
import { imagePathFromArgv } from '../open-with-args.js';

/** argv entries before the user's arguments: the executable, plus the app folder in development. */
function leadingArgs(): number {
  return app.isPackaged ? 1 : 2;
}

/** Returns false when another instance already runs (this one should quit). */
export function setupFileOpen(open: (path: string) => void, focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  const pending: string[] = [];
  let ready = false;
  const deliver = (path: string): void => {
    if (ready) open(path);
    else pending.push(path);
  };
  app.on('open-file', (event, path) => {
    event.preventDefault();
    deliver(path);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    focus();
    const path = imagePathFromArgv(argv, cwd, leadingArgs());
    if (path) deliver(path);
  });
  const initial = imagePathFromArgv(process.argv, process.cwd(), leadingArgs());
  if (initial) pending.push(initial);
  /** Called once the window can receive the image. */
  app.once('browser-window-created', (_event, window) => {
    window.webContents.once('did-finish-load', () => {
      ready = true;
      for (const path of pending.splice(0)) open(path);
    });
  });
  return true;
}
