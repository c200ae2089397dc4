import { Client, Connection } from '@temporalio/client';
import {
  NativeConnection,
  Runtime,
  type LogLevel,
  type NativeConnectionPlugin,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import type { CleanupOptions, JobRegistry } from '@temporal-operations/jobs';
import { createObjectStore } from '@temporal-operations/jobs';
import { objectStoreSettings } from '../shared/config-parts';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { createOperationsWorker } from './create-worker';
import { ensureCleanupSchedule } from './ensure-cleanup-schedule';
import { durationMs } from '../shared/duration';
import { startMetricsServer } from '../shared/metrics-server';
import { createTemporalProbe, TemporalNotReadyError, waitForTemporal } from '../shared/temporal-readiness';
import { startTracing } from '../shared/tracing';
import { createWorkerMetrics } from './worker-metrics';
import { startHealthServer, type Readiness } from './health-server';
import { installWorkerRuntime } from './worker-runtime';
import { withSdkMetrics } from './sdk-metrics-source';
import { workerReadiness } from './worker-readiness';
import { natsConnectionOptions } from '../shared/nats-config';
import { NatsLink } from '../shared/progress-bus/nats-link';
import { ProgressPublisher } from './progress-publisher';

const SDK_LOG_LEVELS: Record<WorkerConfig['LOG_LEVEL'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/** The per-outcome retentions that are set; the others default to OPERATION_RETENTION. */
function retentionByStatus(config: WorkerConfig): CleanupOptions['retentionByStatus'] {
  const set = (value: string | undefined) => (value === undefined ? undefined : durationMs(value));
  return {
    completed: set(config.OPERATION_RETENTION_COMPLETED),
    failed: set(config.OPERATION_RETENTION_FAILED),
    canceled: set(config.OPERATION_RETENTION_CANCELED),
  };
}

/** How long the worker waits at start for Temporal to be usable before it stops with the reason. */
const STARTUP_WAIT_MS = 10_000;

/** Prometheus and the orchestrator's probes reach the worker from outside its container. */
const WORKER_METRICS_HOST = '0.0.0.0';

/** An upload with no operation after this long was abandoned (its start failed). */
const ORPHAN_UPLOAD_GRACE_MS = 60 * 60 * 1000;

export interface RunWorkerOptions {
  /** The jobs this worker runs. */
  jobs: JobRegistry;
  /** A prebuilt workflow bundle; else WORKER_WORKFLOW_BUNDLE_PATH; else workflows/ is bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Extra SDK plugins on the worker's connection (benchmarks add a baseline activity). */
  connectionPlugins?: NativeConnectionPlugin[];
}

/**
 * Runs the worker process until SIGINT/SIGTERM: registers the operation workflow, the job
 * activity and the file cleanup (and its Schedule), then hands running jobs back on shutdown.
 */
export async function runWorker({ jobs, workflowBundle, connectionPlugins = [] }: RunWorkerOptions): Promise<void> {
  const config = loadWorkerConfig(
    process.env,
    jobs.list().map((job) => job.name),
  );
  // Runtime.install also makes SIGINT/SIGTERM shut workers down gracefully.
  const { sdkMetricsUrl } = await installWorkerRuntime({
    logLevel: SDK_LOG_LEVELS[config.LOG_LEVEL],
    sdkMetrics: config.WORKER_METRICS_PORT !== undefined,
  });
  const tracing = startTracing(config, 'temporal-operations-worker');
  // Up first, so that liveness answers during start; ready only once the worker polls.
  let readiness = async (): Promise<Readiness> => ({ ready: false, reason: 'the worker is starting' });
  const healthServer = config.WORKER_HEALTH_PORT
    ? await startHealthServer(() => readiness(), WORKER_METRICS_HOST, config.WORKER_HEALTH_PORT)
    : undefined;
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
  // Connects in the background: with NATS down, jobs run and heartbeat as without a bus.
  const natsOptions = natsConnectionOptions(config, 'temporal-operations-worker');
  const link = natsOptions
    ? new NatsLink(natsOptions, (level, message) => Runtime.instance().logger[level](message))
    : null;
  const progressPublisher = link ? new ProgressPublisher(link, config.temporal.namespace) : undefined;
  const metrics = createWorkerMetrics();
  const metricsServer = config.WORKER_METRICS_PORT
    ? await startMetricsServer(
        withSdkMetrics(metrics.registry, sdkMetricsUrl),
        WORKER_METRICS_HOST,
        config.WORKER_METRICS_PORT,
      )
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
      workflowBundle:
        workflowBundle ??
        (config.WORKER_WORKFLOW_BUNDLE_PATH ? { codePath: config.WORKER_WORKFLOW_BUNDLE_PATH } : undefined),
      tracing,
      heartbeatThrottleMs: config.WORKER_HEARTBEAT_THROTTLE_MS,
      maxConcurrentJobs: config.WORKER_MAX_CONCURRENT_JOBS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      metrics: metrics.jobs,
      webhooks: config.webhooks,
      progressPublisher,
      cleanup: {
        client,
        retentionMs: durationMs(config.OPERATION_RETENTION),
        retentionByStatus: retentionByStatus(config),
        orphanGraceMs: ORPHAN_UPLOAD_GRACE_MS,
      },
    });
    readiness = workerReadiness(worker, client, config.TEMPORAL_TASK_QUEUE);
    await worker.run();
  } finally {
    healthServer?.close();
    metricsServer?.close();
    await link?.close();
    await clientConnection.close();
    await connection.close();
    await tracing.shutdown();
  }
}
