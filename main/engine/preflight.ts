// Everything checked before the first byte is written: each target is resolved (symlinks first),
// judged by the shared safety rules, and compared with what the user chose.

import { firstRefusal, judgeDrive, type DriveVerdict, type ImageFacts } from '../../app/drive-rules.js';
import type { Drive } from '../../app/drive.js';
import { ImprintError } from '../../app/errors.js';
import { resolveDrive } from './drives.js';
import { imageHolderDisks } from './image-holder.js';
import type { ImageSource } from './source.js';

export interface ExpectedDrive {
  /** Size the drive had when the user chose it; a different size means a different drive. */
  size: number | null;
}

export interface JudgedTarget {
  drive: Drive;
  verdict: DriveVerdict;
}

export async function imageFacts(source: ImageSource): Promise<ImageFacts> {
  const facts: ImageFacts = {
    path: source.path,
    size: source.size,
    sizeIsEstimate: source.sizeIsEstimate,
    holderDisks: await imageHolderDisks(source.path).catch(() => []),
  };
  if (source.minSize !== undefined) facts.minSize = source.minSize;
  return facts;
}

/** Resolves and judges every target; throws the first refusal (nothing has been written). */
export async function judgeTargets(
  source: ImageSource,
  devices: string[],
  options: { allowSystemDrive: boolean; expected?: Record<string, ExpectedDrive> },
): Promise<JudgedTarget[]> {
  if (devices.length === 0) throw new ImprintError('E_USAGE', { detail: 'No target drive given.' });
  const facts = await imageFacts(source);
  const judged: JudgedTarget[] = [];
  for (const path of devices) {
    const drive = await resolveDrive(path);
    if (judged.some((j) => j.drive.device === drive.device)) {
      throw new ImprintError('E_USAGE', { detail: `${drive.device} is named twice.` });
    }
    const verdict = judgeDrive(drive, facts, { allowSystemDrive: options.allowSystemDrive });
    const refused = firstRefusal(verdict);
    if (refused?.error) {
      throw new ImprintError(refused.error, { device: drive.device, detail: refusalDetail(refused.message, drive) });
    }
    const expected = options.expected?.[path] ?? options.expected?.[drive.device];
    if (expected && expected.size !== drive.size) {
      throw new ImprintError('E_SIZE_CHANGED', {
        device: drive.device,
        detail: `it was ${expected.size ?? 'unknown'} bytes when chosen and is ${drive.size ?? 'unknown'} bytes now`,
      });
    }
    judged.push({ drive, verdict });
  }
  return judged;
}

/** Rule messages are already complete sentences; keep them as the error's detail only when they add a reason. */
function refusalDetail(message: string, drive: Drive): string | undefined {
  const reason = /\(([^)]*)\)/.exec(message)?.[1];
  return reason ?? (drive.parent ? drive.parent : undefined);
}
