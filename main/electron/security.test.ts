import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_CSP } from '../../app/content-security-policy.js';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isAllowedExternal } from './security.js';

const { opened } = vi.hoisted(() => ({ opened: [] as string[] }));
vi.mock('electron', () => ({
  app: { on: vi.fn(), whenReady: () => new Promise(() => undefined) },
  session: {},
  shell: { openExternal: (url: string) => Promise.resolve(void opened.push(url)) },
}));


const PAGE = 'file:///opt/imprint/dist/renderer/index.html';

function fakeContents() {
  const contents = Object.assign(new EventEmitter(), {
    openHandler: null as null | ((d: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      contents.openHandler = handler;
    },
  });
  return contents;
}

function fire(contents: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  contents.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

describe('window hardening', () => {
  it('blocks navigation away from our page, redirects and webviews', () => {
    const contents = fakeContents();
    hardenWebContents(contents as never, () => PAGE);
    expect(fire(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(contents, 'will-navigate', PAGE)).toBe(false);
    expect(fire(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-attach-webview')).toBe(true);
  });

  it('denies every new window; only allow-listed https links go to the browser', () => {
    const contents = fakeContents();
    hardenWebContents(contents as never, () => PAGE);
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://github.com/imprint' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/imprint']);
    expect(isAllowedExternal('http://github.com/')).toBe(false);
    expect(isAllowedExternal('https://github.com.evil.example/')).toBe(false);
  });

  it('has a CSP without inline scripts or remote sources', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('sends as a header exactly the policy the page carries, plus what only a header can say', () => {
    // The page's own <meta> (written by the renderer build) is what a file:// load enforces; a
    // header that said something else would make the two disagree about what the window may do.
    expect(CONTENT_SECURITY_POLICY).toBe(`${PAGE_CSP}; frame-ancestors 'none'`);
    expect(PAGE_CSP).not.toContain('frame-ancestors');
    expect(PAGE_CSP).not.toContain('unsafe');
  });
});
