// WIM files: read the header and lookup table, and split a WIM into a .swm set of virtual files
// for FAT32 (Windows installer sticks).

export { DEFAULT_PART_SIZE, FAT32_MAX_FILE_SIZE, splitOpenedWim, splitWim, swmPartName } from './split.js';
export type { SplitOptions, SwmPart, WimSplit } from './split.js';
export { WIM_LIMITS, assertSplittable, openWim } from './wim-file.js';
export type { OpenWimOptions, WimFile } from './wim-file.js';
export type { WimHeader } from './header.js';
export { lookupEntry } from './lookup-table.js';
export type { LookupEntry, LookupTable } from './lookup-table.js';
export { readWimXml, summarizeWimXml } from './wim-xml.js';
export type { WimXmlImage, WimXmlSummary } from './wim-xml.js';
export { planSplit } from './split-plan.js';
export type { PlannedPart } from './split-plan.js';
