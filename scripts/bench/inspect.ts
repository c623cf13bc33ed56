// Inspection benchmark (issue 3, "Performance"): on a 4 GiB image, inspection must touch at most
// a few MiB and answer in well under 100 ms. Builds hybrid and Windows-style ISOs, extends them
// to 4 GiB with truncate (sparse: no disk space used), and reports bytes touched and the median
// time, against reading the same number of bytes straight from the file as the reference.
// Run: npm run build && node dist/bench-inspect.js [runs]

import { truncateSync } from 'node:fs';
import { formatBytes } from '../../app/format.js';
import { CachingSource } from '../../app/inspect/byte-source.js';
import { inspectImage } from '../../app/inspect/inspect-image.js';
import { FileByteSource } from '../../main/engine/file-byte-source.js';
import { tempDir } from '../../main/test-support/loop.js';
import { appendedEspIso, fixtureMissing, windowsIso } from '../../main/test-support/fixtures/images.js';

const SIZE = 4 * 1024 * 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function measure(path: string, runs: number): Promise<{ touched: number; reads: number; ms: number; refMs: number }> {
  const times: number[] = [];
  const refTimes: number[] = [];
  let touched = 0;
  let reads = 0;
  for (let i = 0; i < runs; i++) {
    const file = await FileByteSource.open(path);
    try {
      const cache = new CachingSource(file);
      const start = performance.now();
      await inspectImage(cache, { path, container: 'raw', sizeIsEstimate: false });
      times.push(performance.now() - start);
      touched = cache.bytesFetched;
      reads = cache.reads;
      // Reference: the same number of bytes read in one go from the start of the file.
      const refStart = performance.now();
      await file.read(0, touched);
      refTimes.push(performance.now() - refStart);
    } finally {
      await file.close();
    }
  }
  return { touched, reads, ms: median(times), refMs: median(refTimes) };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
  const reason = fixtureMissing('iso', 'windows');
  if (reason !== null) {
    console.log(`bench-inspect skipped: ${reason}`);
    return;
  }
  const temp = tempDir('imprint-bench-');
  try {
    const images = [
      { name: 'hybrid ISO + appended ESP', path: appendedEspIso(temp.dir) },
      { name: 'Windows-style UDF bridge', path: windowsIso(temp.dir) },
    ];
    for (const image of images) {
      truncateSync(image.path, SIZE);
      const r = await measure(image.path, runs);
      const share = ((r.touched / SIZE) * 100).toFixed(3);
      console.log(
        `inspect ${formatBytes(SIZE)} ${image.name}: touched ${formatBytes(r.touched)} (${share}% of the image) ` +
          `in ${r.reads} reads, ${r.ms.toFixed(1)} ms (median of ${runs}); ` +
          `reading those bytes in one go: ${r.refMs.toFixed(1)} ms (x${(r.ms / Math.max(r.refMs, 0.001)).toFixed(1)})`,
      );
    }
  } finally {
    temp.remove();
  }
}

void main();
