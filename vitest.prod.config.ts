import { defineConfig } from 'vitest/config';
import { sourceAliases } from './source-aliases';

/**
 * `npm run test:prod` (through test/prod/run-prod-tests.ts): the suites that matter, against a
 * real Temporal server on PostgreSQL with mutual TLS and an HTTPS S3 server. The same files as
 * the dev-server run; only the services they are given differ.
 */
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    name: 'prod',
    include: [
      'test/integration/api-operations.test.ts',
      'test/integration/live-events.test.ts',
      'test/integration/files-upload.test.ts',
      'test/integration/file-cleanup.test.ts',
      'test/integration/faults-worker-crash.test.ts',
      'test/integration/worker-process.test.ts',
      'test/prod/**/*.test.ts',
    ],
    globalSetup: ['test/prod/global-setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-prod.json' },
    fileParallelism: false,
    hookTimeout: 180_000,
    testTimeout: 90_000,
  },
});
