// A drive-rule finding in the window's words. A refusal is an error code and its facts, worded for
// the window by app/errors.ts (the finding's own `message` is the command line's, which may offer
// --allow-system-drive); a warning is plain text from app/drive-rules.ts.

import type { RuleFinding } from '../../app/drive-rules.js';
import { ImprintError, windowMessage } from '../../app/errors.js';

export function findingText(device: string, finding: RuleFinding): string {
  if (finding.severity !== 'refused' || finding.error === null) return finding.message;
  const facts = finding.detail === undefined ? { device } : { device, detail: finding.detail };
  return windowMessage(new ImprintError(finding.error, facts).toData());
}
