// The framing of an .xz stream (xz file format 1.2.0), followed as the compressed bytes pass on to
// liblzma, to read what liblzma would otherwise trust: the LZMA2 dictionary size of every block.
// The binding Imprint uses decodes without a memory limit, and a block may ask for a 4 GiB
// dictionary, which liblzma fills as it decodes (issue 9: memory stays bounded on hostile images).
// Nothing is decoded here: LZMA2 chunks carry their own sizes (§5.3.3 of the LZMA2 description in
// liblzma's lzma2_decoder.c), so the walk skips their payload.

import type { SourceReader } from '../source.js';

/** The largest dictionary accepted: what zstd's decoder allows by default; xz -9 uses 64 MiB. */
export const MAX_XZ_DICTIONARY = 128 * 1024 * 1024;

const LZMA2_FILTER = 0x21;
const STREAM_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

type State =
  | 'stream-header'
  | 'block-or-index'
  | 'block-header'
  | 'chunk-control'
  | 'chunk-header'
  | 'skip'
  | 'index'
  | 'stream-footer'
  | 'stream-padding';

export class XzFramingError extends Error {
  constructor(
    message: string,
    /** The stream is well formed but asks for more memory than allowed (not damage). */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** Bytes of the integrity check for a Check ID (§2.1.1.2): 0, then 4, 8, 16, 32, 64 by threes. */
function checkBytes(id: number): number {
  return id === 0 ? 0 : 4 << Math.floor((id - 1) / 3);
}

/** The LZMA2 dictionary size property (one byte, §5.3.1 of the filter description). */
export function lzma2Dictionary(property: number): number {
  const bits = property & 0x3f;
  if (bits > 40) throw new XzFramingError('an LZMA2 dictionary size is invalid');
  if (bits === 40) return 0xffffffff;
  return (2 | (bits & 1)) * 2 ** (Math.floor(bits / 2) + 11);
}

/** Follows the framing byte by byte; `feed` throws when a block asks for too large a dictionary. */
export class XzFraming {
  private state: State = 'stream-header';
  /** Bytes collected for a header being read (stream header, block header, chunk header, footer). */
  private collected: number[] = [];
  private want = 12;
  private skipLeft = 0;
  private afterSkip: State = 'chunk-control';
  private check = 0;
  /** Bytes of the current block so far (header + compressed data): the padding rounds it to four. */
  private blockBytes = 0;
  /** Index: varints still to read (the count, then two per record); -1 before the count. */
  private indexVarints = -1;
  private indexBytes = 0;
  private varintBytes = 0;
  private varintValue = 0;
  private paddingBytes = 0;

  constructor(private readonly maxDictionary = MAX_XZ_DICTIONARY) {}

  feed(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.state === 'stream-padding' && bytes[at] === 0) {
        // Megabytes of padding are legal: counted in a tight loop, not byte() by byte().
        const from = at;
        while (at < bytes.length && bytes[at] === 0) at++;
        this.paddingBytes += at - from;
        continue;
      }
      if (this.state === 'skip') {
        const take = Math.min(this.skipLeft, bytes.length - at);
        this.skipLeft -= take;
        at += take;
        if (this.skipLeft === 0) this.state = this.afterSkip;
        continue;
      }
      this.byte(bytes[at] ?? 0);
      at += 1;
    }
  }

  private skip(count: number, then: State): void {
    if (count === 0) {
      this.state = then;
      return;
    }
    this.skipLeft = count;
    this.afterSkip = then;
    this.state = 'skip';
  }

  private collect(byte: number): number[] | null {
    this.collected.push(byte);
    if (this.collected.length < this.want) return null;
    const done = this.collected;
    this.collected = [];
    return done;
  }

  private byte(byte: number): void {
    switch (this.state) {
      case 'stream-header': {
        const header = this.collect(byte);
        if (header === null) return;
        if (!STREAM_MAGIC.every((b, i) => header[i] === b)) throw new XzFramingError('a stream header is missing');
        this.check = checkBytes((header[7] ?? 0) & 0x0f);
        this.state = 'block-or-index';
        return;
      }
      case 'block-or-index':
        if (byte === 0x00) {
          this.state = 'index';
          this.indexVarints = -1;
          this.indexBytes = 1;
          this.varintBytes = 0;
          this.varintValue = 0;
          return;
        }
        this.collected = [byte];
        this.want = (byte + 1) * 4;
        this.state = 'block-header';
        return;
      case 'block-header': {
        const header = this.collect(byte);
        if (header === null) return;
        this.checkBlockHeader(header);
        this.blockBytes = header.length;
        this.state = 'chunk-control';
        return;
      }
      case 'chunk-control':
        this.blockBytes += 1;
        if (byte === 0x00) {
          // End of the LZMA2 data: block padding to a multiple of four, then the check.
          this.skip((4 - (this.blockBytes % 4)) % 4 + this.check, 'block-or-index');
          return;
        }
        if (byte >= 0x03 && byte < 0x80) throw new XzFramingError('an LZMA2 chunk is damaged');
        // Uncompressed chunk: 2 bytes of size; LZMA chunk: 2 + 2 bytes of sizes, and a properties byte on a state reset.
        this.collected = [byte];
        this.want = byte < 0x80 ? 3 : byte >= 0xc0 ? 6 : 5;
        this.state = 'chunk-header';
        return;
      case 'chunk-header': {
        this.blockBytes += 1;
        const header = this.collect(byte);
        if (header === null) return;
        const control = header[0] ?? 0;
        const payload = control < 0x80 ? ((header[1] ?? 0) << 8) + (header[2] ?? 0) + 1 : ((header[3] ?? 0) << 8) + (header[4] ?? 0) + 1;
        this.blockBytes += payload;
        this.skip(payload, 'chunk-control');
        return;
      }
      case 'index':
        this.indexBytes += 1;
        if (this.indexVarints === 0) {
          // Index padding to a multiple of four, then its CRC32; this byte is the first of them.
          this.skip((4 - ((this.indexBytes - 1) % 4)) % 4 + 4 - 1, 'stream-footer');
          this.collected = [];
          this.want = 12;
          return;
        }
        this.varint(byte);
        return;
      case 'stream-footer': {
        const footer = this.collect(byte);
        if (footer === null) return;
        if (footer[10] !== 0x59 || footer[11] !== 0x5a) throw new XzFramingError('a stream footer is missing');
        this.paddingBytes = 0;
        this.state = 'stream-padding';
        return;
      }
      case 'stream-padding':
        if (byte === 0x00) {
          this.paddingBytes += 1;
          return;
        }
        if (this.paddingBytes % 4 !== 0) throw new XzFramingError('the stream padding is not a multiple of four bytes');
        this.collected = [];
        this.want = 12;
        this.state = 'stream-header';
        this.byte(byte);
        return;
      case 'skip':
        return;
    }
  }

  private varint(byte: number): void {
    this.varintValue += (byte & 0x7f) * 2 ** (7 * this.varintBytes);
    this.varintBytes += 1;
    if (byte & 0x80) {
      if (this.varintBytes >= 9) throw new XzFramingError('the index is damaged');
      return;
    }
    const value = this.varintValue;
    this.varintBytes = 0;
    this.varintValue = 0;
    if (this.indexVarints === -1) this.indexVarints = 2 * value;
    else this.indexVarints -= 1;
  }

  /** Block header (§3.1): flags, optional sizes, then the filter flags of every filter. */
  private checkBlockHeader(header: number[]): void {
    let pos = 1;
    const flags = header[pos++] ?? 0;
    const varint = (): number => {
      let value = 0;
      for (let i = 0; i < 9; i++) {
        const b = header[pos++];
        if (b === undefined) throw new XzFramingError('a block header is damaged');
        value += (b & 0x7f) * 2 ** (7 * i);
        if ((b & 0x80) === 0) return value;
      }
      throw new XzFramingError('a block header is damaged');
    };
    if (flags & 0x40) varint(); // Compressed Size
    if (flags & 0x80) varint(); // Uncompressed Size
    const filters = (flags & 0x03) + 1;
    let last = -1;
    for (let i = 0; i < filters; i++) {
      last = varint(); // Filter ID
      const propertiesSize = varint();
      if (pos + propertiesSize > header.length - 4) throw new XzFramingError('a block header is damaged');
      if (last === LZMA2_FILTER) {
        const dictionary = lzma2Dictionary(header[pos] ?? 0);
        if (dictionary > this.maxDictionary) {
          throw new XzFramingError(
            `a block needs a ${Math.round(dictionary / 1024 / 1024)} MiB dictionary, more than the ${Math.round(this.maxDictionary / 1024 / 1024)} MiB Imprint allows`,
            true,
          );
        }
      }
      pos += propertiesSize;
    }
    // LZMA2 is the only filter that can end a chain in .xz, and the chunk walk depends on it.
    if (last !== LZMA2_FILTER) throw new XzFramingError(`a block ends in filter 0x${last.toString(16)}, not LZMA2`);
  }
}

/** The compressed bytes below an xz decoder, checked as they pass (before liblzma sees them). */
export function guardXz(inner: SourceReader, maxDictionary = MAX_XZ_DICTIONARY): SourceReader {
  const framing = new XzFraming(maxDictionary);
  return {
    async read(into) {
      const n = await inner.read(into);
      framing.feed(into.subarray(0, n));
      return n;
    },
    close: () => inner.close(),
  };
}
