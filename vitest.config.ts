import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'native/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Loop-device tests create and detach real block devices; keep the machine responsive.
    globalSetup: ['scripts/vitest-global-setup.ts'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
