// Decode throughput: Imprint's decoders (dist/bench-decode-lib.js, built by scripts/build.mjs)
// against the reference command-line decoders on the same file, in the same run:
//   xz -dc, zstd -dc, gzip -dc  > /dev/null
// Target (issue 4): each ratio ≤ 1.25. BENCH_DECODE_MIB (default 512) sizes the test image:
// a disk-like mix of binaries, text, zero runs and random data. BENCH_RUNS repeats (median).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MIB = Number(process.env.BENCH_DECODE_MIB ?? 512);
const { decodeFile } = await import(join(root, 'dist', 'bench-decode-lib.js'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sh = (script) => execFileSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });

function timeTool(cmd, args) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - start) / 1000;
}

const work = mkdtempSync(process.env.BENCH_DIR ? join(process.env.BENCH_DIR, 'decode-') : '/var/tmp/imprint-decode-');
try {
  const raw = join(work, 'disk.img');
  const part = Math.floor(MIB / 8);
  console.log(`Preparing a ${MIB} MiB disk-like image and its xz, zstd and gzip copies…`);
  sh(
    `{ tar cf - /usr/lib 2>/dev/null | head -c ${3 * part}M; head -c ${2 * part}M /dev/zero; ` +
      `tar cf - /usr/share 2>/dev/null | head -c ${2 * part}M; ` +
      `openssl enc -aes-128-ctr -pass pass:imprint -nosalt -pbkdf2 </dev/zero 2>/dev/null | head -c ${MIB - 7 * part}M; } > ${raw}`,
  );
  // Multi-threaded compressors, as distributions use (Raspberry Pi OS: xz -T0); decoding is timed single-stream.
  sh(`xz -T0 -6 -c ${raw} > ${raw}.xz && zstd -q -T0 -12 -c ${raw} > ${raw}.zst && gzip -6 -c ${raw} > ${raw}.gz`);
  console.log(`\nDecode throughput, ${MIB} MiB decoded (median of ${RUNS})`);
  for (const [name, ext, tool] of [['xz', 'xz', 'xz'], ['zstd', 'zst', 'zstd'], ['gzip', 'gz', 'gzip']]) {
    const file = `${raw}.${ext}`;
    const ref = [];
    const ours = [];
    for (let i = 0; i < RUNS; i += 1) {
      ref.push(timeTool(tool, ['-dc', file]));
      const run = await decodeFile(file);
      if (run.bytes !== MIB * 1024 * 1024) throw new Error(`${name}: decoded ${run.bytes} bytes`);
      ours.push(run.seconds);
    }
    const r = median(ref);
    const o = median(ours);
    const mbs = (s) => `${((MIB * 1.048576) / s).toFixed(0)} MB/s`;
    console.log(
      `  ${name.padEnd(5)} imprint ${o.toFixed(2)} s (${mbs(o)})   ${tool} -dc ${r.toFixed(2)} s (${mbs(r)})   ratio ${(o / r).toFixed(3)}  (target ≤ 1.25)`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
