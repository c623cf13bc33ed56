// UDF volume structure (ECMA-167 parts 2–3, OSTA UDF 2.60 §2.2): the volume recognition
// sequence, the anchor at block 256, the volume descriptor sequence (partition and logical
// volume), partition maps, and the file set descriptor that names the root directory.

import { corrupt, equalsAscii, latin1, u16le, u32le, u8 } from './binary.js';
import { readExact, readIfPresent, type ByteSource } from './byte-source.js';
import { LIMITS } from './limits.js';
import { TAG, dstring, tagId } from './udf-tag.js';

export interface UdfLocation {
  /** Index into the logical volume's partition maps. */
  partition: number;
  block: number;
}

/** How a partition reference's logical blocks reach the image. */
export type UdfPartitionMap =
  | { kind: 'physical'; start: number; length: number }
  /** UDF 2.50 metadata partition: blocks are mapped through the metadata file's extents. */
  | { kind: 'metadata'; start: number; length: number; fileLocation: number }
  | { kind: 'unsupported'; what: string };

export interface UdfVolume {
  blockSize: number;
  /** NSR02 (ECMA-167 2nd edition, UDF ≤ 1.50) or NSR03 (UDF ≥ 2.00). */
  nsr: 'NSR02' | 'NSR03';
  /** UDF revision from the logical volume's domain identifier suffix (0x0102, 0x0201…), or null. */
  revision: number | null;
  /** Logical volume identifier (what Windows shows), else the primary volume identifier. */
  label: string;
  maps: UdfPartitionMap[];
  fileSet: UdfLocation;
  /** Blocks the partitions claim, from the image start: more than the image holds means truncated. */
  claimedBytes: number;
}

const VRS_START = 32768;

/** Volume recognition sequence (ECMA-167 2/8.3): BEA01, then NSR02 or NSR03, then TEA01. */
export async function readUdfRecognition(source: ByteSource): Promise<'NSR02' | 'NSR03' | null> {
  let sawBea = false;
  for (let i = 0; i < LIMITS.maxVolumeDescriptors; i++) {
    const bytes = await readIfPresent(source, VRS_START + i * 2048, 8);
    if (bytes === null) return null;
    // Descriptors of 4096-byte-block media sit one per block: skip the empty halves.
    if (bytes.every((b) => b === 0)) continue;
    if (equalsAscii(bytes, 1, 'BEA01')) sawBea = true;
    else if (sawBea && equalsAscii(bytes, 1, 'NSR02')) return 'NSR02';
    else if (sawBea && equalsAscii(bytes, 1, 'NSR03')) return 'NSR03';
    else if (equalsAscii(bytes, 1, 'TEA01')) return null;
    else if (!equalsAscii(bytes, 1, 'CD001') && !equalsAscii(bytes, 1, 'BOOT2') && !equalsAscii(bytes, 1, 'CDW02')) {
      return null;
    }
  }
  return null;
}

/** Reads the volume; null when there is no UDF recognition sequence. */
export async function readUdfVolume(source: ByteSource): Promise<UdfVolume | null> {
  const nsr = await readUdfRecognition(source);
  if (nsr === null) return null;
  const anchor = await findAnchor(source);
  if (anchor === null) throw corrupt('the UDF anchor volume descriptor is missing');
  const { blockSize, bytes } = anchor;
  const sequences = [
    { length: u32le(bytes, 16), location: u32le(bytes, 20) }, // main volume descriptor sequence extent
    { length: u32le(bytes, 24), location: u32le(bytes, 28) }, // reserve volume descriptor sequence extent
  ];
  let lastError: Error | null = null;
  for (const sequence of sequences) {
    try {
      return await readSequence(source, blockSize, nsr, sequence.location, sequence.length);
    } catch (error) {
      lastError = error instanceof Error ? error : corrupt(String(error));
    }
  }
  throw lastError ?? corrupt('the UDF volume descriptors are missing');
}

async function findAnchor(source: ByteSource): Promise<{ blockSize: number; bytes: Uint8Array } | null> {
  for (const blockSize of [2048, 512, 1024, 4096]) {
    const blocks = Math.floor(source.size / blockSize);
    // Anchor points: block 256, else the last block, else last − 256 (ECMA-167 3/8.4.2.1).
    for (const block of [256, blocks - 1, blocks - 257]) {
      if (block < 256) continue;
      const bytes = await readIfPresent(source, block * blockSize, 512);
      if (bytes !== null && tagId(bytes) === TAG.anchor && u32le(bytes, 12) === block) return { blockSize, bytes };
    }
  }
  return null;
}

async function readSequence(
  source: ByteSource,
  blockSize: number,
  nsr: 'NSR02' | 'NSR03',
  location: number,
  length: number,
): Promise<UdfVolume> {
  let partitions = new Map<number, { start: number; length: number }>();
  let logical: Uint8Array | null = null;
  let primaryLabel = '';
  let block = location;
  let remaining = Math.floor(length / blockSize);
  for (let read = 0; remaining > 0 && read < LIMITS.maxUdfDescriptors; read++, remaining--, block++) {
    const bytes = await readExact(source, block * blockSize, blockSize, 'a UDF volume descriptor');
    const id = tagId(bytes);
    if (id === null || id === 0 || id === TAG.terminating) break;
    if (id === TAG.pointer) {
      // Volume descriptor pointer: the sequence continues elsewhere.
      remaining = Math.floor(u32le(bytes, 20) / blockSize) + 1;
      block = u32le(bytes, 24) - 1;
    } else if (id === TAG.primaryVolume) {
      primaryLabel = dstring(bytes, 24, 32); // volume identifier
    } else if (id === TAG.partition) {
      partitions = new Map(partitions);
      // Partition number at 22, starting location at 188, length at 192 (blocks).
      partitions.set(u16le(bytes, 22), { start: u32le(bytes, 188), length: u32le(bytes, 192) });
    } else if (id === TAG.logicalVolume) {
      logical = bytes;
    }
  }
  if (logical === null) throw corrupt('the UDF logical volume descriptor is missing');
  if (u32le(logical, 212) !== blockSize) throw corrupt('the UDF logical block size does not match its anchor');

  const maps = partitionMaps(logical, partitions);
  let claimedBytes = 0;
  for (const partition of partitions.values()) {
    claimedBytes = Math.max(claimedBytes, (partition.start + partition.length) * blockSize);
  }
  // Domain identifier (regid at 216): its suffix starts with the UDF revision.
  const revision = latin1(logical, 217, 23).startsWith('*OSTA UDF Compliant') ? u16le(logical, 216 + 24) : null;
  return {
    blockSize,
    nsr,
    revision,
    label: dstring(logical, 84, 128) || primaryLabel, // logical volume identifier
    maps,
    // Logical volume contents use: a long_ad naming the file set descriptor.
    fileSet: { block: u32le(logical, 252), partition: u16le(logical, 256) },
    claimedBytes,
  };
}

function partitionMaps(logical: Uint8Array, partitions: Map<number, { start: number; length: number }>): UdfPartitionMap[] {
  const count = Math.min(u32le(logical, 268), 16); // number of partition maps
  const tableLength = u32le(logical, 264); // map table length
  const end = Math.min(logical.length, 440 + tableLength);
  const maps: UdfPartitionMap[] = [];
  let pos = 440;
  for (let i = 0; i < count && pos + 2 <= end; i++) {
    const type = u8(logical, pos);
    const length = u8(logical, pos + 1);
    if (length < 6 || pos + length > end) throw corrupt('a UDF partition map is cut short');
    if (type === 1) {
      maps.push(physical(partitions, u16le(logical, pos + 4)));
    } else if (type === 2 && length >= 64) {
      const kind = latin1(logical, pos + 5, 23); // partition type identifier
      const number = u16le(logical, pos + 38);
      if (kind.startsWith('*UDF Sparable Partition')) {
        // Sparing only remaps defective packets of rewritable discs; an image reads straight through.
        maps.push(physical(partitions, number));
      } else if (kind.startsWith('*UDF Metadata Partition')) {
        const underlying = physical(partitions, number);
        if (underlying.kind === 'physical') {
          // Metadata file location at 40: a block of the underlying physical partition.
          maps.push({ kind: 'metadata', start: underlying.start, length: underlying.length, fileLocation: u32le(logical, pos + 40) });
        }
      } else {
        maps.push({ kind: 'unsupported', what: kind.replace(/^\*UDF /, '') || 'an unknown partition type' });
      }
    } else {
      maps.push({ kind: 'unsupported', what: `partition map type ${type}` });
    }
    pos += length;
  }
  return maps;
}

function physical(partitions: Map<number, { start: number; length: number }>, number: number): UdfPartitionMap {
  const partition = partitions.get(number);
  if (partition === undefined) throw corrupt(`the UDF partition ${number} has no partition descriptor`);
  return { kind: 'physical', start: partition.start, length: partition.length };
}
