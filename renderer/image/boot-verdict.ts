// The one-line answer to "will it boot?", from the inspection verdict (app/inspect/verdict.ts).

import type { ImageInfo } from '../../app/inspect/image-info.js';
import { messages } from '../messages.js';

export type Tone = 'good' | 'caution' | 'bad';

export interface BootHeadline {
  tone: Tone;
  text: string;
}

export function bootHeadline(info: ImageInfo | null): BootHeadline {
  const v = messages.verdict;
  if (info === null) return { tone: 'caution', text: v.unknown };
  const { bios, uefi } = info.usbBoot;
  if (bios && uefi) return { tone: 'good', text: v.biosAndUefi };
  if (bios) return { tone: 'caution', text: v.biosOnly };
  if (uefi) return { tone: 'caution', text: v.uefiOnly };
  if (info.windowsInstaller) return { tone: 'bad', text: v.windows };
  if (info.elTorito !== null && (info.elTorito.bios || info.elTorito.uefi)) return { tone: 'bad', text: v.discOnly };
  if (info.filesystems.includes('iso9660') || info.filesystems.includes('udf')) return { tone: 'caution', text: v.dataDisc };
  return { tone: 'caution', text: v.noBoot };
}

export const TONE_ICON: Record<Tone, string> = { good: '✓', caution: '!', bad: '✕' };
