// Hardening that applies to every web contents the app ever creates: no navigation away from our
// page, no new windows, no permissions, external links only to an allow-list, and a strict CSP.

import { app, session, shell, type WebContents } from 'electron';
import { HEADER_CSP } from '../../app/content-security-policy.js';

/** The only places the app may send the user to (help, project pages), always in the browser. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['https://github.com/', 'https://www.raspberrypi.com/', 'https://www.microsoft.com/'];

/**
 * For responses that carry headers (never our file:// page: there the <meta> the build writes in is
 * the policy in force, see app/content-security-policy.ts). The same policy, plus frame-ancestors.
 */
export const CONTENT_SECURITY_POLICY = HEADER_CSP;

export function isAllowedExternal(url: string): boolean {
  return url.startsWith('https://') && EXTERNAL_ALLOW_LIST.some((prefix) => url.startsWith(prefix));
}

export function hardenWebContents(contents: WebContents, pageUrl: () => string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== pageUrl()) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function setupSecurity(pageUrl: () => string): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, pageUrl));
  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  });
}
