import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { createActivities } from '../activities';
import type { ProgressSink } from '../activities/run-job';
import { createCleanupActivities } from '../activities/cleanup-activities';
import type { CleanupOptions } from '../activities/cleanup-files';
import type { JobMetrics } from '../activities/job-metrics';
import { JobRegistry } from '../job/job-registry';
import type { ObjectStore } from '../files/object-store';
import type { JobClass } from '../job/operation-job';
import { OperationFiles } from '../files/operation-files';
import type { WebhookEndpoints } from '../webhooks/webhook-endpoints';
import {
  withWorkflowBundlerAliases,
  workflowBundlerAliases,
  workflowInterceptorModules,
  workflowsPath,
} from '../package-files';

/** What a worker needs to run operations beside whatever else it runs. */
export interface OperationsWorkerParts {
  /** The job classes this worker runs (or a registry of them); names must be unique. */
  jobs: JobClass<never>[] | JobRegistry;
  /** Where input and output files live (`createObjectStore`). */
  objectStore: ObjectStore;
  /** Lets a job's file save check that its attempt still counts; recommended. */
  client?: Client;
  /**
   * The most often one job's progress goes to Temporal, in ms. Also the longest a watcher
   * waits for it without a progress bus.
   * @default 500
   */
  heartbeatThrottleMs?: number;
  /** Where finished job attempts are counted. */
  metrics?: JobMetrics;
  /** Where workflow spans go (an OpenTelemetry span processor and resource); dropped otherwise. */
  tracing?: { spanProcessor: SpanProcessor; resource: Resource };
  /** The operator's webhook endpoints; without them operations end without a webhook. */
  webhooks?: WebhookEndpoints;
  /** Also hands each visible change of a running job to this sink at once (a progress bus publisher). */
  progressSink?: ProgressSink;
  /** Registers the file cleanup's activity too (the service's own worker does; others need not). */
  cleanup?: CleanupOptions;
}

const DEFAULT_HEARTBEAT_THROTTLE_MS = 500;

/**
 * Adds operations to a team's own `Worker.create` options: the operation workflow, the job
 * activity with the given jobs, the tracing interceptors and the heartbeat throttle, beside
 * the worker's own workflows and activities. With a `workflowsPath` of its own, that file
 * must re-export ours (`export * from '@temporal-operations/jobs/workflows'`): Temporal takes
 * one workflows file per worker. A job class without `perform`, or two jobs of one name,
 * throw here, before the worker starts.
 */
export function withOperations(options: WorkerOptions, parts: OperationsWorkerParts): WorkerOptions {
  const jobs = parts.jobs instanceof JobRegistry ? parts.jobs : new JobRegistry(parts.jobs);
  const throttle = `${parts.heartbeatThrottleMs ?? DEFAULT_HEARTBEAT_THROTTLE_MS}ms`;
  const tracing = parts.tracing ?? { spanProcessor: new NoopSpanProcessor(), resource: Resource.empty() };
  const ownBundle = options.workflowBundle !== undefined;
  const ownWorkflows = ownBundle || options.workflowsPath !== undefined;
  return {
    ...options,
    ...(ownWorkflows ? {} : { workflowsPath }),
    bundlerOptions: withAliases(options.bundlerOptions),
    interceptors: {
      ...options.interceptors,
      // A prebuilt bundle already holds them (the SDK warns when they are given again).
      workflowModules: ownBundle
        ? options.interceptors?.workflowModules
        : [...(options.interceptors?.workflowModules ?? []), ...workflowInterceptorModules],
    },
    // The workflow interceptors hand their spans to this sink; every bundle has them.
    sinks: { ...options.sinks, exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    activities: {
      ...options.activities,
      ...createActivities({
        jobs,
        files: new OperationFiles(parts.objectStore),
        metrics: parts.metrics,
        client: parts.client,
        webhooks: { endpoints: parts.webhooks },
        progressSink: parts.progressSink,
      }),
      ...(parts.cleanup ? createCleanupActivities({ ...parts.cleanup, objectStore: parts.objectStore }) : {}),
    },
    // The SDK sends one heartbeat per throttle interval; its 60 s default would hide progress for a minute.
    maxHeartbeatThrottleInterval: options.maxHeartbeatThrottleInterval ?? throttle,
    defaultHeartbeatThrottleInterval: options.defaultHeartbeatThrottleInterval ?? throttle,
  };
}

function withAliases(bundlerOptions: WorkerOptions['bundlerOptions']): WorkerOptions['bundlerOptions'] {
  if (Object.keys(workflowBundlerAliases).length === 0) return bundlerOptions;
  const teamHook = bundlerOptions?.webpackConfigHook;
  return {
    ...bundlerOptions,
    webpackConfigHook: (config) => {
      const aliased = withWorkflowBundlerAliases(config);
      return teamHook ? teamHook(aliased) : aliased;
    },
  };
}
