import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { sourceAliases } from './source-aliases';

/**
 * Records the saved replay histories from real runs (`npm run replay:record`); on demand only,
 * since `npm test` must replay the saved ones, never make new ones.
 */
const recordReplayHistories: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'record-histories',
    include: ['test/replay/record-histories.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    fileParallelism: false,
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
};

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // The JSON report is what .ci/run totals; the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/examples/**/*.test.ts'],
          // Starts Temporal and S3 once per run and provides their coordinates to every file.
          globalSetup: ['test/helpers/global-setup.ts'],
          // One Temporal dev server with a single SQLite connection, on 2 cores: files take turns.
          fileParallelism: false,
          hookTimeout: 120_000,
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
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
      ...(process.env.RECORD_REPLAY_HISTORIES ? [recordReplayHistories] : []),
    ],
  },
});
