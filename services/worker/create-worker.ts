import { fileURLToPath } from 'node:url';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createActivities } from '../../activities';
import { createCleanupActivities } from '../../activities/cleanup-activities';
import type { JobMetrics } from '../../activities/job-metrics';
import type { JobRegistry } from '../../activities/job-registry';
import type { ObjectStore } from '../../activities/object-store';
import { OperationFiles } from '../../activities/operation-files';
import { TRACING_OFF, type Tracing } from '../shared/tracing';
import { workflowInterceptorModules } from './workflow-interceptor-modules';

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
  cleanup: { client: Client; retentionMs: number; orphanGraceMs: number };
  /** Where finished job attempts are counted. */
  metrics?: JobMetrics;
  /** A prebuilt workflow bundle (tests, production images); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Where workflow and job spans go; off unless given. */
  tracing?: Tracing;
}

/** The one file that exports every workflow: what is bundled, at start or by `npm run build:workflows`. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** A Temporal worker that runs operation workflows, their jobs, and the file cleanup. */
export function createOperationsWorker(options: OperationsWorkerOptions): Promise<Worker> {
  const throttle = `${options.heartbeatThrottleMs}ms`;
  const tracing = options.tracing ?? TRACING_OFF;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    interceptors: {
      // A prebuilt bundle already holds them (the SDK warns when they are given again).
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
      activity: tracing.enabled
        ? [
            (context) => ({
              inbound: new OpenTelemetryActivityInboundInterceptor(context),
              outbound: new OpenTelemetryActivityOutboundInterceptor(context),
            }),
          ]
        : [],
    },
    // The workflow interceptors hand their spans to this sink; every bundle has them.
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    activities: {
      ...createActivities({
        jobs: options.jobs,
        files: new OperationFiles(options.objectStore),
        metrics: options.metrics,
        client: options.cleanup.client,
      }),
      ...createCleanupActivities({ ...options.cleanup, objectStore: options.objectStore }),
    },
    // The SDK sends one heartbeat per throttle interval; the 60 s default would hide progress for a minute.
    maxHeartbeatThrottleInterval: throttle,
    defaultHeartbeatThrottleInterval: throttle,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentJobs,
    // Two fixed workflow-task pollers left 1,000 new operations waiting a minute to start; the
    // server's feedback scales pollers to the backlog instead.
    workflowTaskPollerBehavior: { type: 'autoscaling' },
    activityTaskPollerBehavior: { type: 'autoscaling' },
    shutdownGraceTime: options.shutdownGraceMs,
  });
}
