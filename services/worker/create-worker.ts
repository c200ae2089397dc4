import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import {
  withOperations,
  type CleanupOptions,
  type JobMetrics,
  type JobRegistry,
  type ObjectStore,
  type WebhookEndpoints,
} from '@temporal-operations/jobs';
import { TRACING_OFF, type Tracing } from '../shared/tracing';
import type { ProgressPublisher } from './progress-publisher';

export interface OperationsWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  jobs: JobRegistry;
  objectStore: ObjectStore;
  /** The most often one job's progress goes to Temporal. */
  heartbeatThrottleMs: number;
  maxConcurrentJobs: number;
  /** How long running jobs may finish after shutdown starts; then they are handed back for retry. */
  shutdownGraceMs: number;
  /** The file cleanup's view of Temporal and its bounds. */
  cleanup: CleanupOptions;
  /** Where finished job attempts are counted. */
  metrics?: JobMetrics;
  /** The operator's webhook endpoints. */
  webhooks?: WebhookEndpoints;
  /** A prebuilt workflow bundle (tests, production images); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Where workflow and job spans go; off unless given. */
  tracing?: Tracing;
  /** Publishes job progress on the bus as it changes; without it progress reaches Temporal only. */
  progressPublisher?: ProgressPublisher;
}

/**
 * The service's own Temporal worker: operation workflows, their jobs and the file cleanup,
 * put together by the same `withOperations` a team's worker uses.
 */
export function createOperationsWorker(options: OperationsWorkerOptions): Promise<Worker> {
  const tracing = options.tracing ?? TRACING_OFF;
  return Worker.create(
    withOperations(
      {
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: options.taskQueue,
        ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
        interceptors: {
          activity: tracing.enabled
            ? [
                (context) => ({
                  inbound: new OpenTelemetryActivityInboundInterceptor(context),
                  outbound: new OpenTelemetryActivityOutboundInterceptor(context),
                }),
              ]
            : [],
        },
        maxConcurrentActivityTaskExecutions: options.maxConcurrentJobs,
        // Two fixed workflow-task pollers left 1,000 new operations waiting a minute to start; the
        // server's feedback scales pollers to the backlog instead.
        workflowTaskPollerBehavior: { type: 'autoscaling' },
        activityTaskPollerBehavior: { type: 'autoscaling' },
        shutdownGraceTime: options.shutdownGraceMs,
      },
      {
        jobs: options.jobs,
        objectStore: options.objectStore,
        client: options.cleanup.client,
        heartbeatThrottleMs: options.heartbeatThrottleMs,
        metrics: options.metrics,
        webhooks: options.webhooks,
        tracing,
        cleanup: options.cleanup,
        progressSink: options.progressPublisher,
      },
    ),
  );
}
