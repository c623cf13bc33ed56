// macOS and Windows: each drive drivelist lists gets its medium's identity (identity-darwin.ts,
// identity-win32.ts); other systems leave it unknown. Linux fills identity in linux-drive.ts.

import type { Drive } from '../../app/drive.js';
import { darwinIdentities } from './identity-darwin.js';
import { win32Identities } from './identity-win32.js';

/** The drives with `identity` filled; `fresh` re-asks the OS instead of using identities a few seconds old. */
export async function withOsIdentities(drives: Drive[], fresh: boolean): Promise<Drive[]> {
  const lookup = process.platform === 'darwin' ? darwinIdentities : process.platform === 'win32' ? win32Identities : null;
  if (!lookup || drives.length === 0) return drives;
  const found = await lookup(drives.map((d) => d.device), { fresh });
  return drives.map((d) => ({ ...d, identity: found.get(d.device) ?? d.identity }));
}
