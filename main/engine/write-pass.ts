// The write pass: the source is read once, in large aligned chunks with read-ahead, and each chunk
// is written to every live target at once. A target that fails is dropped; the others go on.

import { ImprintError } from '../../app/errors.js';
import { allocAligned } from '../../native/index.js';
import { roundUp } from './block-target.js';
import type { JobTarget } from './job-target.js';
import type { ProgressMeter } from './progress-meter.js';
import type { ImageSource, SourceReader } from './source.js';

export const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** Buffers in flight: one being written, the rest filled ahead by the reader. */
const POOL_DEPTH = 3;
const ALIGN = 4096;

interface Chunk {
  buffer: Buffer;
  length: number;
  position: number;
}

/** Sequential reads into a ring of buffers, running ahead of the consumer. */
export class ReadAhead {
  private readonly pool: Buffer[];
  private readonly queue: Promise<Chunk>[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = 0;

  constructor(
    private readonly reader: SourceReader,
    private readonly chunkSize: number,
    depth = POOL_DEPTH,
  ) {
    this.pool = Array.from({ length: depth }, () => allocAligned(chunkSize, ALIGN));
    for (let i = 0; i < depth - 1; i += 1) this.schedule();
  }

  private schedule(): void {
    const index = this.scheduled;
    this.scheduled += 1;
    const buffer = this.pool[index % this.pool.length] as Buffer;
    const next = this.chain.then(async () => ({
      buffer,
      length: await this.reader.read(buffer),
      position: index * this.chunkSize,
    }));
    next.catch(() => undefined); // surfaced by next(); never an unhandled rejection if abandoned
    this.chain = next.catch(() => undefined);
    this.queue.push(next);
  }

  /** The next chunk; its buffer stays valid until the following call. Length 0 means the end. */
  async next(): Promise<Chunk> {
    const chunk = this.queue.shift();
    if (!chunk) throw new Error('ReadAhead queue empty');
    this.schedule();
    return chunk;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImprintError('E_CANCELLED');
}

export async function writePass(
  source: ImageSource,
  targets: JobTarget[],
  meter: ProgressMeter,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<void> {
  const reader = await source.openReader();
  const started = performance.now();
  try {
    const ahead = new ReadAhead(reader, chunkSize);
    const blockSize = Math.max(...targets.map((t) => t.device?.logicalBlockSize ?? 512));
    for (const t of targets) if (t.alive) t.state = 'writing';
    let done = 0;
    for (;;) {
      throwIfAborted(signal);
      const live = targets.filter((t) => t.alive);
      if (live.length === 0) return;
      let chunk: Chunk;
      try {
        chunk = await ahead.next();
      } catch (error) {
        throw error instanceof ImprintError ? error : new ImprintError('E_IMAGE_UNREADABLE', { path: source.path, detail: String(error) });
      }
      if (chunk.length === 0) break;
      // O_DIRECT writes whole logical blocks: pad the image's last partial block with zeros.
      const padded = roundUp(chunk.length, blockSize);
      chunk.buffer.fill(0, chunk.length, padded);
      await Promise.all(
        live.map(async (t) => {
          const device = t.device;
          if (!device) return;
          const length = roundUp(chunk.length, device.logicalBlockSize);
          if (chunk.position + length > device.size) {
            t.fail(new ImprintError('E_IMAGE_TOO_LARGE', { path: source.path, device: t.drive.device }));
            return;
          }
          t.writeStarted = true;
          try {
            await device.write(chunk.buffer, length, chunk.position);
            t.bytes = chunk.position + chunk.length;
          } catch (error) {
            t.fail(error);
          }
        }),
      );
      done = chunk.position + chunk.length;
      meter.update(done);
      if (chunk.length < chunkSize) break;
    }
    if (!source.sizeIsEstimate && done !== source.size) {
      throw new ImprintError('E_IMAGE_CORRUPT', { path: source.path, detail: `the file changed size while writing (${done} of ${source.size} bytes)` });
    }
    // Flush each target's own cache (and the drive's) before calling it written.
    await Promise.all(
      targets
        .filter((t) => t.alive)
        .map(async (t) => {
          try {
            await t.device?.sync();
            t.writeComplete = true;
            t.writeSeconds = (performance.now() - started) / 1000;
            t.state = 'done';
          } catch (error) {
            t.fail(error);
          }
        }),
    );
    meter.update(done);
    meter.flush();
  } finally {
    await reader.close();
  }
}
