// The write pass: the source is read once, in large aligned chunks with read-ahead, and each chunk
// is written to every live target at once. A target that fails is dropped; the others go on.
//
// Order matters for a drive that is interrupted (SIGKILL, out-of-memory kill, power loss, a second
// Ctrl-C): the drive's first and last MiB (partition tables, boot sector, GPT backup header) are
// cleared and flushed before anything else, and the image's own first MiB (and, for an exact size,
// its last MiB) are held back and written only after the rest is written and flushed. Until that
// final commit the drive looks empty to every OS, never like a valid disk over a half-written body.

import { ImprintError } from '../../app/errors.js';
import { allocAligned } from '../../native/index.js';
import { roundUp, type BlockTarget } from './block-target.js';
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

/** Bytes at each end of the image that are written last, and of the drive that are cleared first. */
export const HOLD_BYTES = 1024 * 1024;

export interface WritePassOptions {
  signal?: AbortSignal;
  /**
   * Called once the whole image has been read and every byte but the held-back ends is written and
   * flushed; throwing here (a checksum that does not match) leaves the drives without a partition table.
   */
  beforeCommit?: () => void | Promise<void>;
  /** Gets the image file's bytes in order as the pass reads them (hash of what is written). */
  onFileBytes?: (bytes: Uint8Array) => void;
}

/** The parts of the image written last: [0, head) and [tailStart, size). */
class HeldBack {
  readonly head: Buffer;
  readonly tail: Buffer | null;
  headLength = 0;
  tailLength = 0;

  constructor(
    readonly tailStart: number,
    blockSize: number,
  ) {
    this.head = allocAligned(HOLD_BYTES, ALIGN);
    this.tail = Number.isFinite(tailStart) ? allocAligned(2 * HOLD_BYTES + blockSize, ALIGN) : null;
  }

  /** Keeps what of `chunk` falls in the held-back ranges; returns the range to write now. */
  take(chunk: Chunk): { start: number; end: number } {
    const end = chunk.position + chunk.length;
    if (chunk.position < HOLD_BYTES) {
      const n = Math.min(end, HOLD_BYTES) - chunk.position;
      chunk.buffer.copy(this.head, chunk.position, 0, n);
      this.headLength = Math.max(this.headLength, chunk.position + n);
    }
    if (this.tail && end > this.tailStart) {
      const from = Math.max(chunk.position, this.tailStart);
      chunk.buffer.copy(this.tail, from - this.tailStart, from - chunk.position, chunk.length);
      this.tailLength = Math.max(this.tailLength, end - this.tailStart);
    }
    return { start: Math.max(chunk.position, HOLD_BYTES), end: Math.min(end, this.tailStart) };
  }
}

/** Zeroes the drive's first and last MiB and flushes, before any byte of the image lands. */
async function clearEnds(t: JobTarget): Promise<void> {
  const device = t.device;
  if (!device) return;
  const length = Math.min(HOLD_BYTES, device.size);
  const zeros = allocAligned(length, ALIGN);
  t.writeStarted = true;
  await device.write(zeros, length, 0);
  if (device.size > length) await device.write(zeros, length, device.size - length);
  await device.sync();
}

/** Runs `step` on every live target at once; a target whose step throws is dropped. */
async function eachLive(targets: JobTarget[], step: (t: JobTarget, device: BlockTarget) => Promise<void>): Promise<void> {
  await Promise.all(
    targets
      .filter((t) => t.alive)
      .map(async (t) => {
        if (!t.device) return;
        try {
          await step(t, t.device);
        } catch (error) {
          t.fail(error);
        }
      }),
  );
}

export async function writePass(
  source: ImageSource,
  targets: JobTarget[],
  meter: ProgressMeter,
  chunkSize: number,
  options: WritePassOptions = {},
): Promise<void> {
  const { signal } = options;
  const reader = await source.openReader(options.onFileBytes ? { onFileBytes: options.onFileBytes } : undefined);
  const started = performance.now();
  try {
    const ahead = new ReadAhead(reader, chunkSize);
    const blockSize = Math.max(...targets.map((t) => t.device?.logicalBlockSize ?? 512));
    // With an exact size the image's last MiB (where a GPT keeps its backup header) waits too.
    const tailStart = source.sizeIsEstimate ? Infinity : Math.max(HOLD_BYTES, Math.floor((source.size - HOLD_BYTES) / HOLD_BYTES) * HOLD_BYTES);
    const held = new HeldBack(tailStart, blockSize);
    for (const t of targets) if (t.alive) t.state = 'writing';
    await eachLive(targets, (t) => clearEnds(t));
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
      const now = held.take(chunk);
      await eachLive(live, async (t, device) => {
        if (chunk.position + roundUp(chunk.length, device.logicalBlockSize) > device.size) {
          throw new ImprintError('E_IMAGE_TOO_LARGE', { path: source.path, device: t.drive.device });
        }
        if (now.end > now.start) {
          const offset = now.start - chunk.position;
          await device.write(chunk.buffer.subarray(offset), roundUp(now.end - now.start, device.logicalBlockSize), now.start);
        }
        t.bytes = chunk.position + chunk.length;
      });
      done = chunk.position + chunk.length;
      meter.update(done);
      if (chunk.length < chunkSize) break;
    }
    if (!source.sizeIsEstimate && done !== source.size) {
      throw new ImprintError('E_IMAGE_CORRUPT', { path: source.path, detail: `the file changed size while writing (${done} of ${source.size} bytes)` });
    }
    // Everything but the held-back ends is on the drives (flushed) before they are committed.
    await eachLive(targets, (_t, device) => device.sync());
    throwIfAborted(signal);
    await options.beforeCommit?.();
    await eachLive(targets, async (t, device) => {
      if (held.tail && held.tailLength > 0) {
        await device.write(held.tail, roundUp(held.tailLength, device.logicalBlockSize), held.tailStart);
      }
      await device.write(held.head, roundUp(held.headLength, device.logicalBlockSize), 0);
      await device.sync();
      t.writeComplete = true;
      t.writeSeconds = (performance.now() - started) / 1000;
      t.state = 'done';
    });
    meter.update(done);
    meter.flush();
  } finally {
    await reader.close();
  }
}
