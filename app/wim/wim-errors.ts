// The two ways a WIM can fail here, in the errors every parser uses: damaged bytes
// (E_IMAGE_CORRUPT, as app/inspect/binary.ts corrupt()) and a valid file Imprint cannot split
// (E_IMAGE_UNSUPPORTED). `label` names the file inside the image ("sources/install.wim").

import { ImprintError } from '../errors.js';
import { corrupt } from '../inspect/binary.js';

export function wimCorrupt(label: string, detail: string): ImprintError {
  return corrupt(`${label}: ${detail}`);
}

export function wimUnsupported(label: string, detail: string): ImprintError {
  return new ImprintError('E_IMAGE_UNSUPPORTED', { detail: `${label} ${detail}` });
}
