// Inspection: reads only the structures that decide how the image boots (a few hundred KiB at
// most, whatever its size) and returns the ImageInfo contract. Damage in one structure becomes a
// warning, not a failure, so the user still learns what the rest of the image holds.

import { ImprintError, isImprintError } from '../errors.js';
import { CachingSource, readIfPresent, sliceSource, type ByteSource } from './byte-source.js';
import { elToritoPlatforms, readElTorito } from './el-torito.js';
import { parseFatBootSector } from './fat.js';
import { layeredTree, type FileTree } from './file-tree.js';
import { openFileSystems } from './image-files.js';
import {
  FILESYSTEM_ORDER,
  type BootSupport,
  type FilesystemName,
  type ImageInfo,
  type InspectMeta,
  type PartitionInfo,
} from './image-info.js';
import { hasBootSignature } from './mbr.js';
import { isZero } from './binary.js';
import { readPartitionLayout, readSector0, type LayoutPartition } from './partitions.js';
import { probeVolume, type VolumeProbe } from './probe.js';
import { decideVerdict, type BootFacts } from './verdict.js';

/** Partitions probed for file systems; real disks have a handful, a hostile GPT may claim thousands. */
const MAX_PROBED_PARTITIONS = 32;
/** Real images need well under 1 MiB read; a hostile one is stopped here. */
const MAX_INSPECTION_BYTES = 64 * 1024 * 1024;

export async function inspectImage(source: ByteSource, meta: InspectMeta): Promise<ImageInfo> {
  if (source.size === 0) throw new ImprintError('E_IMAGE_EMPTY', { path: meta.path });
  const src = source instanceof CachingSource ? source : new CachingSource(source, { maxFetchBytes: MAX_INSPECTION_BYTES });
  try {
    return await inspect(src, meta);
  } catch (error) {
    if (isImprintError(error) && error.code === 'E_IMAGE_CORRUPT' && error.context.path === undefined) {
      throw new ImprintError('E_IMAGE_CORRUPT', { ...error.context, path: meta.path });
    }
    throw error;
  }
}

async function inspect(src: ByteSource, meta: InspectMeta): Promise<ImageInfo> {
  const found = new Set<FilesystemName>();
  const damage: BootFacts['damage'] = [];
  // Set when a compressed image's decode limit cut a read short (E_INSPECT_LIMIT): reported, not fatal.
  let limit: ImprintError | null = null;
  const guard = async <T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isImprintError(error) && error.code === 'E_INSPECT_LIMIT') {
        limit = error;
        return fallback;
      }
      if (!isImprintError(error) || error.code !== 'E_IMAGE_CORRUPT') throw error;
      damage.push({ code: 'FILESYSTEM_DAMAGED', detail: `${what} is damaged (${error.context.detail ?? 'unreadable'})` });
      return fallback;
    }
  };

  // File systems at the start of the image: ISO 9660 (+ Joliet, Rock Ridge), UDF, whole-disk FAT.
  const systems = await openFileSystems(src);
  limit ??= systems.limit;
  for (const { filesystem, error } of systems.damage) {
    damage.push({ code: 'FILESYSTEM_DAMAGED', detail: `the ${filesystem} file system is damaged (${error.context.detail ?? 'unreadable'})` });
  }
  const iso = systems.iso;
  if (iso !== null) found.add('iso9660');
  if (iso?.jolietRoot != null) found.add('joliet');
  if (systems.isoNames === 'rockridge') found.add('rockridge');
  if (systems.udf !== null) found.add('udf');

  let elTorito: BootSupport | null = null;
  if (iso !== null && iso.bootCatalogBlock !== null) {
    const block = iso.bootCatalogBlock;
    elTorito = await guard('the El Torito boot catalog', async () => {
      const catalog = await readElTorito(src, block);
      if (!catalog.valid) damage.push({ code: 'FILESYSTEM_DAMAGED', detail: 'the El Torito boot catalog is damaged' });
      return elToritoPlatforms(catalog);
    }, { bios: false, uefi: false });
  }

  // Sector 0: an MBR (maybe protecting a GPT), or the boot sector of a whole-disk file system.
  const sector0 = await readSector0(src);
  const superfloppy = sector0 === null ? null : parseFatBootSector(sector0);
  const layout = await readPartitionLayout(src, superfloppy === null ? sector0 : null);
  if (layout.damage !== null) damage.push({ code: 'PARTITION_TABLE_DAMAGED', detail: layout.damage });

  const claims: number[] = [layout.claimedBytes];
  if (iso !== null) claims.push(iso.volumeBlocks * iso.blockSize);
  if (systems.udf !== null) claims.push(systems.udf.claimedBytes);

  // The whole image as one volume (no partition table): FAT superfloppy, NTFS, ext…
  let whole: VolumeProbe | null = null;
  if (layout.table === null && iso === null && systems.udf === null) {
    whole = await guard('the file system', () => probeVolume(src), null);
    if (whole?.filesystem != null) found.add(whole.filesystem);
    if (whole?.claimedBytes != null) claims.push(whole.claimedBytes);
  }

  const partitions: PartitionInfo[] = [];
  let uefiLoader = (whole?.efiLoaders.length ?? 0) > 0;
  let espWithoutLoader = false;
  const probed = new Map<string, VolumeProbe | null>();
  const probe = async (p: LayoutPartition): Promise<VolumeProbe | null> => {
    const key = `${p.start}:${p.size}`;
    if (!probed.has(key)) {
      const result =
        probed.size >= MAX_PROBED_PARTITIONS || p.start >= src.size
          ? null
          : await guard(`the file system in partition ${p.index}`, () => probeVolume(sliceSource(src, p.start, p.size)), null);
      probed.set(key, result);
    }
    return probed.get(key) ?? null;
  };
  for (const p of [...layout.partitions, ...layout.shadow]) {
    const volume = await probe(p);
    if (volume?.filesystem != null) found.add(volume.filesystem);
    if ((volume?.efiLoaders.length ?? 0) > 0) uefiLoader = true;
    else if (p.isEsp) espWithoutLoader = true;
  }
  for (const p of layout.partitions) {
    const volume = await probe(p);
    partitions.push({ index: p.index, type: p.type, start: p.start, size: p.size, name: p.name || (volume?.label ?? '') });
  }

  const windowsInstaller = await guard('the file system', () => isWindowsInstaller(layeredTree(systems.trees)), false);
  const label = iso?.label || iso?.jolietLabel || systems.udf?.label || whole?.label || null;
  const claimed = Math.max(...claims);
  const { usbBoot, warnings } = decideVerdict({
    biosBootCode: sector0 !== null && hasBootSignature(sector0) && (superfloppy ? superfloppy.hasBootCode : !isZero(sector0, 0, 440)),
    uefiLoader,
    elTorito,
    isIso: iso !== null || systems.udf !== null,
    windowsInstaller,
    recognised: found.size > 0 || layout.table !== null,
    espWithoutLoader,
    truncated: !meta.sizeIsEstimate && claimed > src.size ? { claimed, actual: src.size } : null,
    damage,
  });
  const stoppedAt: ImprintError | null = limit;
  if (stoppedAt !== null) warnings.push({ code: 'INSPECTION_INCOMPLETE', message: stoppedAt.message });
  return {
    path: meta.path,
    size: src.size,
    sizeIsEstimate: meta.sizeIsEstimate,
    container: meta.container,
    label,
    filesystems: FILESYSTEM_ORDER.filter((name) => found.has(name)),
    partitionTable: layout.table,
    partitions,
    elTorito,
    usbBoot,
    windowsInstaller,
    warnings,
  };
}

const WIM_MAGIC = 'MSWIM\0\0\0';
const WINDOWS_IMAGES = ['sources/install.wim', 'sources/install.esd', 'sources/install.swm', 'sources/boot.wim'];

/**
 * A Windows installer (or Windows PE) by content, never by file name of the image: bootmgr at the
 * root and a WIM image (checked by its magic) where Windows Setup looks for one.
 */
export async function isWindowsInstaller(tree: FileTree | null): Promise<boolean> {
  if (tree === null) return false;
  const bootmgr = await tree.stat('bootmgr');
  if (bootmgr === null || bootmgr.kind !== 'file') return false;
  for (const path of WINDOWS_IMAGES) {
    const file = await tree.open(path);
    if (file === null) continue;
    const head = await readIfPresent(file, 0, WIM_MAGIC.length);
    if (head !== null && String.fromCharCode(...head) === WIM_MAGIC) return true;
  }
  return false;
}
