import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Loop-device tests create and detach real block devices; keep the machine responsive.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'native/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['main/test-support/vitest-global-setup.ts'],
        },
      },
      {
        // The window's components and store, in a DOM, against a fake window.imprint.
        extends: true,
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['main/test-support/renderer/setup.ts'],
        },
      },
    ],
  },
});
