// How an image's container and contents are named in the window.

import type { ImageInfo } from '../../app/inspect/image-info.js';
import { messages } from '../messages.js';

export function containerName(container: string): string {
  const names: Record<string, string> = messages.image.containers;
  return names[container.toLowerCase()] ?? container.toUpperCase();
}

export function contentsName(info: ImageInfo | null): string | null {
  if (info === null) return null;
  const parts: string[] = info.filesystems.map((fs) => messages.image.filesystems[fs]);
  if (info.partitionTable !== null) parts.push(messages.image.partitionTable(info.partitionTable.toUpperCase(), info.partitions.length));
  return parts.length > 0 ? parts.join(', ') : null;
}
