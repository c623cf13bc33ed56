// npm run bench: Imprint against the reference tools, measured in the same run on the same devices.
//   write:         imprint flash --no-verify      vs  dd bs=4M oflag=direct conv=fsync
//   flash+verify:  imprint flash                  vs  dd … then cmp image device
//   memory:        peak RSS of imprint for a 1 GiB and a 4 GiB image
// Targets (issue 2): write ≤ 1.10× dd; flash+verify ≤ 1.00× dd+cmp; peak RSS < 150 MiB, flat with size.
// Then inspection (dist/bench-inspect.js) and decode throughput (scripts/bench/decode.mjs, issue 4).
// Needs root (loop devices). BENCH_RUNS (default 3) repeats each measurement; the median is reported.
// BENCH_SKIP_4G=1 / BENCH_SKIP_DECODE=1 skip the slow parts.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GiB = 1024 ** 3;
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const rssPreload = join(root, 'scripts', 'bench', 'rss.cjs');

if (process.getuid?.() !== 0) {
  console.error('npm run bench needs root: it creates loop devices. Run it with sudo.');
  process.exit(2);
}

const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts }).trim();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(2)} s`;
const dropCaches = () => writeFileSync('/proc/sys/vm/drop_caches', '3');

function timed(cmd, args, env = {}) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return seconds;
}

function imprint(args, rssFile) {
  return timed(process.execPath, ['--require', rssPreload, cli, ...args], { IMPRINT_BENCH_RSS_FILE: rssFile });
}

function makeRandomImage(path, bytes) {
  // openssl's CSPRNG is much faster than /dev/urandom; fall back to it when openssl is absent.
  const mib = bytes / 1024 ** 2;
  try {
    sh('sh', ['-c', `openssl enc -aes-128-ctr -pass pass:imprint -nosalt -pbkdf2 </dev/zero 2>/dev/null | head -c ${bytes} > ${path}`]);
  } catch {
    sh('dd', ['if=/dev/urandom', `of=${path}`, 'bs=1M', `count=${mib}`, 'status=none']);
  }
}

function withLoop(backing, size, fn) {
  sh('truncate', ['-s', String(size), backing]);
  const dev = sh('losetup', ['--find', '--show', '--direct-io=on', backing]);
  try {
    return fn(dev);
  } finally {
    sh('losetup', ['-d', dev]);
    rmSync(backing, { force: true });
  }
}

function benchTarget(label, backingDir, image, size) {
  const rss = join(backingDir, `rss-${process.pid}`);
  return withLoop(join(backingDir, `imprint-bench-${process.pid}.bin`), size, (dev) => {
    const dd = [], ddCmp = [], write = [], flash = [], peak = [];
    for (let i = 0; i < RUNS; i += 1) {
      dropCaches();
      const tDd = timed('dd', [`if=${image}`, `of=${dev}`, 'bs=4M', 'oflag=direct', 'conv=fsync', 'status=none']);
      const tCmp = timed('cmp', ['-n', String(size), image, dev]);
      dd.push(tDd);
      ddCmp.push(tDd + tCmp);
      dropCaches();
      write.push(imprint(['flash', image, dev, '--yes', '--no-eject', '--no-verify'], rss));
      peak.push(Number(readFileSync(rss, 'utf8')));
      dropCaches();
      flash.push(imprint(['flash', image, dev, '--yes', '--no-eject'], rss));
      peak.push(Number(readFileSync(rss, 'utf8')));
    }
    rmSync(rss, { force: true });
    const r = { dd: median(dd), ddCmp: median(ddCmp), write: median(write), flash: median(flash), rss: Math.max(...peak) };
    console.log(`\n${label} (${dev}, median of ${RUNS})`);
    console.log(`  write         imprint ${fmt(r.write)}   dd ${fmt(r.dd)}   ratio ${(r.write / r.dd).toFixed(3)}  (target ≤ 1.10)`);
    console.log(`  flash+verify  imprint ${fmt(r.flash)}   dd+cmp ${fmt(r.ddCmp)}   ratio ${(r.flash / r.ddCmp).toFixed(3)}  (target ≤ 1.00)`);
    console.log(`  peak RSS      ${(r.rss / 1024 ** 2).toFixed(1)} MiB  (target < 150 MiB)`);
    return r;
  });
}

function benchRss4G(dir, image1g) {
  const image = join(dir, 'bench-4g.img');
  sh('sh', ['-c', `cat ${image1g} ${image1g} ${image1g} ${image1g} > ${image}`]);
  const rss = join(dir, `rss4-${process.pid}`);
  try {
    return withLoop(join(dir, `imprint-bench4-${process.pid}.bin`), 4 * GiB, (dev) => {
      imprint(['flash', image, dev, '--yes', '--no-eject'], rss);
      const peak = Number(readFileSync(rss, 'utf8'));
      console.log(`\n4 GiB image, flash+verify: peak RSS ${(peak / 1024 ** 2).toFixed(1)} MiB (must match the 1 GiB figure)`);
      return peak;
    });
  } finally {
    rmSync(image, { force: true });
    rmSync(rss, { force: true });
  }
}

/** Why verification compares instead of hashing: both sides must be read either way; then it is memcmp vs a digest. */
function compareVersusHash() {
  const size = 256 * 1024 ** 2;
  const a = randomFillSync(Buffer.allocUnsafe(size));
  const b = Buffer.from(a);
  const time = (fn) => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  };
  const cmp = median([1, 2, 3].map(() => time(() => a.equals(b))));
  const sha = median([1, 2, 3].map(() => time(() => createHash('sha256').update(a).digest())));
  const rate = (s) => `${(size / s / 1e9).toFixed(2)} GB/s`;
  console.log(`\nverify strategy: compare ${rate(cmp)} vs SHA-256 ${rate(sha)} (per pass over 256 MiB) → compare`);
}

const work = mkdtempSync('/var/tmp/imprint-bench-');
try {
  compareVersusHash();
  const image = join(work, 'bench-1g.img');
  console.log('Preparing a 1 GiB random image…');
  makeRandomImage(image, GiB);
  benchTarget('loop device on a file on disk (--direct-io=on)', work, image, GiB);
  benchTarget('loop device on a file in /dev/shm (--direct-io=on)', '/dev/shm', image, GiB);
  if (process.env.BENCH_SKIP_4G !== '1') benchRss4G(work, image);
  const inspect = join(root, 'dist', 'bench-inspect.js');
  if (existsSync(inspect)) {
    console.log('');
    execFileSync(process.execPath, [inspect], { stdio: 'inherit', env: { ...process.env, BENCH_DIR: work } });
  }
  if (process.env.BENCH_SKIP_DECODE !== '1') {
    console.log('');
    execFileSync(process.execPath, [join(root, 'scripts', 'bench', 'decode.mjs')], { stdio: 'inherit', env: { ...process.env, BENCH_DIR: work } });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
