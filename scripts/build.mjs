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
  // node-liblzma and zstd-napi find their compiled bindings relative to their own folders too.
  external: ['electron', 'drivelist', 'node-liblzma', 'zstd-napi', '*.node'],
};

await build({ ...common, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
await chmod('dist/cli.js', 0o755);
await build({ ...common, entryPoints: ['main/writer/index.ts'], outfile: 'dist/writer.js' });
// Electron: the main entry (which also starts the writer in --imprint-writer mode), the app, the preload.
await build({ ...common, entryPoints: ['main/index.ts'], outfile: 'dist/main.js' });
await build({ ...common, entryPoints: ['main/electron/app-main.ts'], outfile: 'dist/app-main.js' });
// A sandboxed preload can require only 'electron': everything else is bundled in.
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/preload.js' });

// Benchmarks over engine internals (npm run bench).
await build({ ...common, entryPoints: ['scripts/bench/decode-lib.ts'], outfile: 'dist/bench-decode-lib.js' });
await build({ ...common, entryPoints: ['scripts/bench/inspect.ts'], outfile: 'dist/bench-inspect.js' }).catch(() => undefined);

// The window (renderer/): Vite bundles it into dist/renderer/, loaded by Electron from file://.
// Vite's bundling config loader handles an ESM .ts config in a CommonJS package; its notice about
// the future native loader would otherwise print on every build.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
