// What a volume holds, as the caller describes it: folders and files with their names (case
// and Unicode kept), each file its size and a byte source for its content (an ISO's extents,
// a split WIM part…). The builders read the sources only when the volume's bytes are read.

import type { ByteSource } from '../inspect/byte-source.js';

export interface VolumeFile {
  readonly kind: 'file';
  readonly name: string;
  readonly size: number;
  /** Exactly `size` bytes. */
  readonly source: ByteSource;
}

export interface VolumeFolder {
  readonly kind: 'folder';
  readonly name: string;
  readonly children: readonly VolumeEntry[];
}

export type VolumeEntry = VolumeFile | VolumeFolder;

export const joinPath = (folder: string, name: string): string => (folder === '/' ? `/${name}` : `${folder}/${name}`);
