// Preloaded into a benchmarked process (node --require): reports its peak RSS when it exits.
// Linux: VmHWM of this process's own address space. getrusage's ru_maxrss is NOT usable here: it
// survives fork+exec, so a child would report its parent's (the benchmark's) peak.
const { readFileSync, writeFileSync } = require('node:fs');

function peakRss() {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kib) return Number(kib[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

process.on('exit', () => {
  const file = process.env.IMPRINT_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(peakRss()));
});
