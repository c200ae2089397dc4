import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // Starts Temporal and S3 once per run and provides their coordinates to every file.
          globalSetup: ['test/helpers/global-setup.ts'],
          // One Temporal dev server with a single SQLite connection, on 2 cores: files take turns.
          fileParallelism: false,
          hookTimeout: 120_000,
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          // Each file also starts and restarts servers of its own (a persistent Temporal, an S3 server).
          globalSetup: ['test/helpers/global-setup.ts'],
          fileParallelism: false,
          hookTimeout: 120_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
