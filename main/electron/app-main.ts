// Wires the desktop app: security → single instance / open-with → service → window → IPC → menu → job feedback.

import { app, dialog, type BrowserWindow } from 'electron';
import { createImprintService, type Dialogs } from '../service/create-service.js';
import { writerCommandFor, type WriterCommand } from '../supervisor/launch-plan.js';
import { setupFileOpen } from './file-open.js';
import { setupIpc } from './ipc.js';
import { guardClose, setupJobFeedback } from './job-feedback.js';
import { setupMenu } from './menu.js';
import { setupSecurity } from './security.js';
import { createMainWindow, pageUrlFor } from './window.js';
import { CHECKSUM_FILE_EXTENSIONS, FILE_DIALOGS } from './window-texts.js';

const IMAGE_EXTENSIONS = ['iso', 'img', 'raw', 'bin', 'cue', 'nrg', 'dmg', 'vhd', 'vhdx', 'gz', 'xz', 'zst', 'bz2', 'zip'];

function dialogsFor(window: () => BrowserWindow | null): Dialogs {
  const pick = async (title: string, filters: Electron.FileFilter[]): Promise<string | null> => {
    const win = window();
    const options: Electron.OpenDialogOptions = { title, properties: ['openFile'], filters };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    chooseImage: () =>
      pick(FILE_DIALOGS.chooseImage, [
        { name: FILE_DIALOGS.diskImages, extensions: IMAGE_EXTENSIONS },
        { name: FILE_DIALOGS.allFiles, extensions: ['*'] },
      ]),
    chooseSumsFile: () => pick(FILE_DIALOGS.chooseSumsFile, [{ name: FILE_DIALOGS.checksumFiles, extensions: [...CHECKSUM_FILE_EXTENSIONS] }]),
  };
}

/** How the writer is started: this same binary in writer mode (see main/index.ts); an AppImage through $APPIMAGE. */
function writerCommand(): WriterCommand {
  return writerCommandFor({ isPackaged: app.isPackaged, execPath: process.execPath, appPath: app.getAppPath(), env: process.env });
}

export function startApp(): void {
  const distDir = __dirname;
  const pageUrl = pageUrlFor(distDir);
  let window: BrowserWindow | null = null;
  const getWindow = (): BrowserWindow | null => window;

  setupSecurity(() => pageUrl);
  let openPath: (path: string) => void = () => undefined;
  const primary = setupFileOpen(
    (path) => openPath(path),
    () => {
      if (window?.isMinimized()) window.restore();
      window?.focus();
    },
  );
  if (!primary) {
    app.quit();
    return;
  }

  void app.whenReady().then(async () => {
    const dialogs = dialogsFor(getWindow);
    const service = await createImprintService({
      dialogs,
      writer: { writer: writerCommand() },
      dataDir: app.getPath('userData'),
    });
    openPath = (path) => void service.openPath(path);
    setupIpc({ service, window: getWindow, pageUrl });
    setupMenu(() => {
      void dialogs.chooseImage().then((path) => (path ? service.openPath(path) : null));
    });
    setupJobFeedback(service, getWindow);
    window = createMainWindow(distDir);
    guardClose(window, service);
    window.on('closed', () => {
      window = null;
    });
    app.on('window-all-closed', () => {
      void service.dispose().then(() => app.quit());
    });
  });
}
