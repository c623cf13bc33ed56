// Which image the app was asked to open: from its own command line at start, or from a second
// instance's command line (open-with, "imprint-app image.iso"). Pure: no Electron, no file system.

/** Chromium and Electron switches that can appear in argv and are never an image. */
const SKIP_PREFIXES = ['--', '-psn_'];

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

function resolveAgainst(cwd: string, path: string): string {
  if (isAbsolute(path)) return path;
  const sep = cwd.includes('\\') && !cwd.includes('/') ? '\\' : '/';
  return `${cwd.replace(/[\\/]+$/, '')}${sep}${path}`;
}

/**
 * The image path in an argv, or null. `argv[0]` is the executable; in development (`electron .`)
 * `argv[1]` is the app folder, so `skip` tells how many leading entries are not user arguments.
 */
export function imagePathFromArgv(argv: readonly string[], cwd: string, skip: number): string | null {
  const args = argv.slice(skip).filter((a) => !SKIP_PREFIXES.some((p) => a.startsWith(p)));
  // The last file argument wins: it is what the user (or the OS) asked for most recently.
  const candidate = args.at(-1);
  if (!candidate) return null;
  const path = candidate.startsWith('file://') ? decodeURIComponent(candidate.slice('file://'.length)) : candidate;
  return resolveAgainst(cwd, path);
}
