// Preloaded into a benchmarked process (node --require): reports its peak RSS when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.IMPRINT_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
