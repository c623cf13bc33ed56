// Types for the block decoder inside unbzip2-stream (the package types only its stream wrapper).
declare module 'unbzip2-stream/lib/bzip2.js' {
  type BitReader = (bits: number | null) => number;
  const bzip2: {
    header(bits: BitReader): number;
    /** Decodes one block, calling `write` per byte; returns the running stream CRC, or null at end of stream. */
    decompress(bits: BitReader, write: (byte: number) => void, buf: Int32Array, bufsize: number, streamCRC: number): number | null;
  };
  export = bzip2;
}

declare module 'unbzip2-stream/lib/bit_iterator.js' {
  interface BitIterator {
    (bits: number | null): number;
    bytesRead: number;
  }
  function bitIterator(nextBuffer: () => Uint8Array): BitIterator;
  export = bitIterator;
}
