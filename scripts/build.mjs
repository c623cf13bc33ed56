// Bundles the Node entry points (CLI, writer, Electron main) into dist/ with esbuild.
// The native addon stays outside the bundle; native/index.ts finds it relative to the package root.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // drivelist locates its own native binding relative to its package folder: keep it out of the bundle.
  external: ['electron', 'drivelist', '*.node'],
};

await build({ ...common, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
await chmod('dist/cli.js', 0o755);
await build({ ...common, entryPoints: ['main/writer/index.ts'], outfile: 'dist/writer.js' });

// Benchmarks over engine internals (npm run bench).
await build({ ...common, entryPoints: ['scripts/bench-inspect.ts'], outfile: 'dist/bench-inspect.js' }).catch(() => undefined);
