/**
 * The bench's worker process: services/worker/worker.ts with the bench's jobs, the bench's
 * workflow bundle (production workflows plus the bare baseline) and the bare activity. Same
 * configuration (loadWorkerConfig), same `createOperationsWorker`; no cleanup schedule.
 */
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type NativeConnectionPlugin,
  type WorkerOptions,
  type WorkerPlugin,
} from '@temporalio/worker';
import { createObjectStore } from '../../activities/object-store';
import { loadWorkerConfig } from '../../services/worker/config';
import { createOperationsWorker } from '../../services/worker/create-worker';
import { createWorkerMetrics } from '../../services/worker/worker-metrics';
import { bareActivityPlugin } from '../bare-activity';
import { benchJobRegistry } from '../jobs';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const bundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
  if (!bundlePath) throw new Error('BENCH_WORKFLOW_BUNDLE must name the bundled bench/workflows.ts');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const objectStore = createObjectStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
  });
  await objectStore.ensureBucket();
  const connection = await NativeConnection.connect({
    address: config.TEMPORAL_ADDRESS,
    plugins: [bareActivityPlugin, ...extraOptionsPlugin()],
  });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  try {
    const worker = await createOperationsWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      jobs: benchJobRegistry,
      objectStore,
      heartbeatThrottleMs: config.WORKER_HEARTBEAT_THROTTLE_MS,
      maxConcurrentJobs: config.WORKER_MAX_CONCURRENT_JOBS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      metrics: createWorkerMetrics().jobs,
      workflowBundle: { codePath: bundlePath },
      cleanup: { client, retentionMs: 7 * 86_400_000, orphanGraceMs: 3_600_000 },
    });
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

/**
 * BENCH_WORKER_OPTIONS (JSON) overrides Worker.create options, to find what limits a bench,
 * e.g. `{"workflowTaskPollerBehavior":{"type":"simple-maximum","maximum":40}}`. Unset in normal runs.
 */
function extraOptionsPlugin(): (WorkerPlugin & NativeConnectionPlugin)[] {
  const json = process.env.BENCH_WORKER_OPTIONS;
  if (!json) return [];
  const extra = JSON.parse(json) as Partial<WorkerOptions>;
  return [{ name: 'bench-worker-options', configureWorker: (options) => ({ ...options, ...extra }) }];
}

main().catch((error: unknown) => {
  console.error('Bench worker stopped:', error);
  process.exit(1);
});
