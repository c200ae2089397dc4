import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type LogLevel,
  type NativeConnectionPlugin,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import type { JobRegistry } from '../../activities/job-registry';
import { createObjectStore } from '../../activities/object-store';
import { objectStoreSettings } from '../shared/config-parts';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { createOperationsWorker } from './create-worker';
import { ensureCleanupSchedule } from './ensure-cleanup-schedule';
import { durationMs } from '../shared/duration';
import { startMetricsServer } from '../shared/metrics-server';
import { createTemporalProbe, TemporalNotReadyError, waitForTemporal } from '../shared/temporal-readiness';
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

/** How long the worker waits at start for Temporal to be usable before it stops with the reason. */
const STARTUP_WAIT_MS = 10_000;

/** Prometheus scrapes the worker from outside its container. */
const WORKER_METRICS_HOST = '0.0.0.0';

/** An upload with no operation after this long was abandoned (its start failed). */
const ORPHAN_UPLOAD_GRACE_MS = 60 * 60 * 1000;

export interface RunWorkerOptions {
  /** The jobs this worker runs. */
  jobs: JobRegistry;
  /** A prebuilt workflow bundle; otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Extra SDK plugins on the worker's connection (benchmarks add a baseline activity). */
  connectionPlugins?: NativeConnectionPlugin[];
}

/**
 * Runs the worker process until SIGINT/SIGTERM: registers the operation workflow, the job
 * activity and the file cleanup (and its Schedule), then hands running jobs back on shutdown.
 */
export async function runWorker({ jobs, workflowBundle, connectionPlugins = [] }: RunWorkerOptions): Promise<void> {
  const config = loadWorkerConfig();
  // Runtime.install also makes SIGINT/SIGTERM shut workers down gracefully.
  Runtime.install({ logger: new DefaultLogger(SDK_LOG_LEVELS[config.LOG_LEVEL]) });
  const objectStore = createObjectStore(objectStoreSettings(config));
  await objectStore.ensureBucket();
  // Checked before connecting, since the SDK's connection errors name neither the cause nor the variable.
  const probe = createTemporalProbe(config.temporal);
  const problem = await waitForTemporal(probe, STARTUP_WAIT_MS);
  await probe.close();
  if (problem) throw new TemporalNotReadyError(`Temporal is not ready: ${problem}`);
  const clientConnection = await Connection.connect(config.temporal.connectionOptions);
  Runtime.instance().logger.info(`Temporal at ${config.temporal.summary}`);
  const connection = await NativeConnection.connect({
    ...config.temporal.connectionOptions,
    plugins: connectionPlugins,
  });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
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
      namespace: config.temporal.namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      jobs,
      objectStore,
      workflowBundle,
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
