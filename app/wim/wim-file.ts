// Opens a WIM over a ByteSource: the header and the lookup table, read and checked, bounded in
// time and memory whatever the bytes claim. Resources themselves are never read here.

import type { ByteSource } from '../inspect/byte-source.js';
import { readExact } from '../inspect/byte-source.js';
import { HEADER_SIZE } from './format.js';
import { parseWimHeader, type WimHeader } from './header.js';
import { parseLookupTable, type LookupTable } from './lookup-table.js';
import { wimCorrupt, wimUnsupported } from './wim-errors.js';

export const WIM_LIMITS = {
  /** 1.3 million entries; a Windows 11 install.wim has about 10^5 (some 5 MB). */
  maxLookupTableBytes: 64 * 1024 * 1024,
  /** XML data read for its image list; real files hold a few KB to a few hundred KB. */
  maxXmlBytes: 16 * 1024 * 1024,
} as const;

export interface WimFile {
  readonly source: ByteSource;
  /** The file's name in messages ("sources/install.wim"). */
  readonly label: string;
  readonly header: WimHeader;
  readonly table: LookupTable;
}

export interface OpenWimOptions {
  label?: string;
}

export async function openWim(source: ByteSource, options: OpenWimOptions = {}): Promise<WimFile> {
  const label = options.label ?? 'the WIM file';
  if (source.size < HEADER_SIZE) {
    throw wimCorrupt(label, `it is ${source.size} bytes long, too short to be a WIM file (its header alone is ${HEADER_SIZE})`);
  }
  const header = parseWimHeader(await readExact(source, 0, HEADER_SIZE, `${label}: the header`), source.size, label);
  const { lookupTable } = header;
  if (lookupTable.sizeInWim > WIM_LIMITS.maxLookupTableBytes) {
    throw wimCorrupt(label, `its lookup table claims ${lookupTable.sizeInWim} bytes, more than any real WIM holds`);
  }
  const raw = await readExact(source, lookupTable.offset, lookupTable.sizeInWim, `${label}: the lookup table`);
  const table = parseLookupTable(raw, header, source.size, label);
  if (!table.solid) checkNoOverlap(header, table, label);
  return { source, label, header, table };
}

/**
 * A split part gets each resource copied once, so resources sharing bytes would be copied twice:
 * no tool writes such files, and a hostile one could multiply the output this way.
 */
function checkNoOverlap(header: WimHeader, table: LookupTable, label: string): void {
  // The file data is already in file order; the few others (tables, image metadata) are sorted
  // here and merged in, so a million entries cost one pass.
  const others: Array<[number, number]> = [
    [header.lookupTable.offset, header.lookupTable.sizeInWim],
    [header.xmlData.offset, header.xmlData.sizeInWim],
    ...table.metadata.map((i): [number, number] => [table.offset[i] ?? 0, table.sizeInWim[i] ?? 0]),
  ];
  others.sort((a, b) => a[0] - b[0]);
  let previousEnd = HEADER_SIZE;
  let k = 0;
  const visit = (start: number, size: number): void => {
    if (start < previousEnd) throw wimCorrupt(label, `two of its resources overlap at byte ${start}`);
    previousEnd = start + size;
  };
  for (const index of table.blobs) {
    const start = table.offset[index] ?? 0;
    for (let other = others[k]; other !== undefined && other[0] <= start; other = others[++k]) visit(other[0], other[1]);
    visit(start, table.sizeInWim[index] ?? 0);
  }
  for (let other = others[k]; other !== undefined; other = others[++k]) visit(other[0], other[1]);
}

/** Throws what stops a WIM from being split, as wimlib's wimlib_split() refuses it. */
export function assertSplittable(wim: WimFile): void {
  const { header, table, label } = wim;
  if (header.totalParts !== 1) {
    throw wimUnsupported(label, `is already part ${header.partNumber} of a split set of ${header.totalParts} parts`);
  }
  if (table.solid) {
    throw wimUnsupported(
      label,
      'is an ESD (solid-compressed) file: its files are compressed together, and a split set cannot hold such resources ' +
        '(wimlib refuses it too). Convert it to a WIM first, for example with ' +
        '"wimlib-imagex export install.esd all install.wim --compress=LZX"',
    );
  }
  if (header.imageCount === 0) throw wimUnsupported(label, 'holds no images, and Windows Setup cannot use a split set without one');
}
