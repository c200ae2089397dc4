import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { createObjectStore } from '../../activities/object-store';
import { jobRegistry } from '../../jobs';
import { ConfigError } from '../shared/load-env';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { createOperationsWorker } from './create-worker';
import { ensureCleanupSchedule } from './ensure-cleanup-schedule';
import { durationMs } from '../shared/duration';
import { startMetricsServer } from '../shared/metrics-server';
import { createWorkerMetrics } from './worker-metrics';

const SDK_LOG_LEVELS: Record<WorkerConfig['LOG_LEVEL'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/** Prometheus scrapes the worker from outside its container. */
const WORKER_METRICS_HOST = '0.0.0.0';

/** An upload with no operation after this long was abandoned (its start failed). */
const ORPHAN_UPLOAD_GRACE_MS = 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  // Runtime.install also makes SIGINT/SIGTERM shut workers down gracefully.
  Runtime.install({ logger: new DefaultLogger(SDK_LOG_LEVELS[config.LOG_LEVEL]) });
  const objectStore = createObjectStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
  });
  await objectStore.ensureBucket();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const metrics = createWorkerMetrics();
  const metricsServer = config.WORKER_METRICS_PORT
    ? await startMetricsServer(metrics.registry, WORKER_METRICS_HOST, config.WORKER_METRICS_PORT)
    : undefined;
  try {
    await ensureCleanupSchedule(client, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      intervalMs: durationMs(config.CLEANUP_INTERVAL),
    });
    const worker = await createOperationsWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      jobs: jobRegistry,
      objectStore,
      heartbeatThrottleMs: config.WORKER_HEARTBEAT_THROTTLE_MS,
      maxConcurrentJobs: config.WORKER_MAX_CONCURRENT_JOBS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      metrics: metrics.jobs,
      cleanup: { client, retentionMs: durationMs(config.OPERATION_RETENTION), orphanGraceMs: ORPHAN_UPLOAD_GRACE_MS },
    });
    await worker.run();
  } finally {
    metricsServer?.close();
    await clientConnection.close();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Worker stopped:', error);
  process.exit(1);
});
