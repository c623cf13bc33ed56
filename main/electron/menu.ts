// The application menu: standard roles plus "Open Image…", which goes through the same service.

import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { MENU } from './window-texts.js';

export function setupMenu(openImage: () => void): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: MENU.file,
      submenu: [
        { label: MENU.openImage, accelerator: 'CmdOrCtrl+O', click: openImage },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    // No Reload / DevTools: reloading mid-flash would detach the window from the running job.
    {
      label: MENU.view,
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({ applicationName: 'Imprint', applicationVersion: app.getVersion() });
}
