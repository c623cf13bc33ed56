// The window's content security policy, in one place. A file:// page never receives response
// headers, so the policy in force is the <meta> that the renderer build writes into index.html
// (renderer/vite.config.ts); Electron sends the same policy as a header for any other load, plus
// the one directive a <meta> cannot carry (Chromium ignores frame-ancestors there, with a warning).

/** No inline script or style, no eval, nothing remote: only the files of the built window. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

export const HEADER_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;
