import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { createObjectStore } from '../../activities/object-store';
import { jobRegistry } from '../../jobs';
import { ConfigError } from '../shared/load-env';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { createOperationsWorker } from './create-worker';
import { ensureCleanupSchedule } from './ensure-cleanup-schedule';
import { durationMs } from '../shared/duration';

const SDK_LOG_LEVELS: Record<WorkerConfig['LOG_LEVEL'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

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
      cleanup: { client, retentionMs: durationMs(config.OPERATION_RETENTION), orphanGraceMs: ORPHAN_UPLOAD_GRACE_MS },
    });
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Worker stopped:', error);
  process.exit(1);
});
