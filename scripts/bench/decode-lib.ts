// Entry for scripts/bench-decode.mjs: Imprint's own decoders, timed over a whole file with the
// chunk size the write pass uses, the output discarded (like `xz -dc > /dev/null`).

import { openImage } from '../../main/engine/source.js';
import { DEFAULT_CHUNK } from '../../main/engine/write-pass.js';

export interface DecodeRun {
  container: string;
  bytes: number;
  seconds: number;
}

export async function decodeFile(path: string): Promise<DecodeRun> {
  const started = performance.now();
  const source = await openImage(path);
  const reader = await source.openReader();
  const buffer = Buffer.allocUnsafe(DEFAULT_CHUNK);
  let bytes = 0;
  try {
    for (let n = await reader.read(buffer); n > 0; n = await reader.read(buffer)) bytes += n;
  } finally {
    await reader.close();
    await source.close();
  }
  return { container: source.container, bytes, seconds: (performance.now() - started) / 1000 };
}
