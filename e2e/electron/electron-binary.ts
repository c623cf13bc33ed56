// Where the Electron binary is, if it is installed. An offline machine (like this project's CI)
// cannot download it, and then the electron project is skipped with this reason printed: the one
// accepted skip in CI (see README).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): { path: string | null; reason: string | null } {
  try {
    const path = createRequire(__filename)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path, reason: null };
    return { path: null, reason: 'the Electron binary is not installed (npm could not download it)' };
  } catch (error) {
    return { path: null, reason: `the Electron binary is not installed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
