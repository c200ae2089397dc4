import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import type { WebhookEndpoints } from '../../packages/jobs/src/webhooks/webhook-endpoints';
import { createObjectStore, type ObjectStore } from '../../packages/jobs/src/files/object-store';
import { jobRegistry } from '../../jobs';
import { createOperationsWorker } from '../../services/worker/create-worker';
import { serviceEnvironment } from '../../dev/service-environment';
import { NatsLink } from '../../services/shared/progress-bus/nats-link';
import { ProgressPublisher } from '../../services/worker/progress-publisher';
import {
  readTemporalConnection,
  type TemporalConnectionConfig,
} from '../../services/shared/temporal-connection-config';
import { testServices, workflowBundlePath } from './test-services';

/** A unique task queue, so tests never pick up each other's operations. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** The object store of this test run. */
export function testObjectStore(): ObjectStore {
  return createObjectStore(testServices().s3);
}

/** How the services reach this test run's Temporal, read from the same variables they are given. */
export function testTemporalConnection(): TemporalConnectionConfig {
  const { config, problems } = readTemporalConnection(serviceEnvironment(testServices()));
  if (!config) throw new Error(problems.join('; '));
  return config;
}

/** A Temporal client on this test run's server; close its connection when done. */
export async function testClient(): Promise<Client> {
  const temporal = testTemporalConnection();
  const connection = await Connection.connect(temporal.connectionOptions);
  return new Client({ connection, namespace: temporal.namespace });
}

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  /** The worker's NATS connection for the progress bus, when it has one. */
  progressBus: NatsLink | null;
  /** Shuts the worker down and waits until it has stopped. */
  stop(): Promise<void>;
}

/** Starts a real worker on this run's Temporal server, running the registered jobs. */
export async function startTestWorker(
  options: {
    taskQueue?: string;
    jobs?: JobRegistry;
    heartbeatThrottleMs?: number;
    shutdownGraceMs?: number;
    retentionMs?: number;
    retentionByStatus?: Partial<Record<'completed' | 'failed' | 'canceled', number>>;
    orphanGraceMs?: number;
    /** How many jobs run at once. @default 50 */
    maxConcurrentJobs?: number;
    /** Another workflow bundle than this run's (a changed workflow, for versioning tests). */
    workflowBundleCode?: string;
    /** Where the worker sends webhooks; none by default. */
    webhooks?: WebhookEndpoints;
    /** The progress bus its jobs publish on. @default the run's NATS server; null publishes nothing */
    natsUrl?: string | null;
  } = {},
): Promise<TestWorker> {
  quietSdkLogs();
  const services = testServices();
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  const connection = await NativeConnection.connect(testTemporalConnection().connectionOptions);
  const client = await testClient();
  const natsUrl = options.natsUrl === undefined ? services.natsUrl : options.natsUrl;
  const link = natsUrl
    ? new NatsLink({ servers: natsUrl, waitOnFirstConnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 })
    : null;
  // Connected before the first job runs, so that a test's first reports are on the bus.
  await link?.ready(5000);
  const worker = await createOperationsWorker({
    progressPublisher: link ? new ProgressPublisher(link, services.namespace) : undefined,
    connection,
    namespace: services.namespace,
    taskQueue,
    jobs: options.jobs ?? jobRegistry,
    objectStore: testObjectStore(),
    heartbeatThrottleMs: options.heartbeatThrottleMs ?? 200,
    maxConcurrentJobs: options.maxConcurrentJobs ?? 50,
    shutdownGraceMs: options.shutdownGraceMs ?? 1000,
    webhooks: options.webhooks,
    workflowBundle: options.workflowBundleCode
      ? { code: options.workflowBundleCode }
      : { codePath: workflowBundlePath() },
    cleanup: {
      client,
      retentionMs: options.retentionMs ?? 7 * 86_400_000,
      retentionByStatus: options.retentionByStatus,
      orphanGraceMs: options.orphanGraceMs ?? 3_600_000,
    },
  });
  const running = worker.run();
  let stopped: Promise<void> | undefined;
  return {
    worker,
    taskQueue,
    progressBus: link,
    stop() {
      // Idempotent: a test may stop its worker midway (a deploy) and afterAll stops it again.
      stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await link?.close();
        await connection.close();
        await client.connection.close();
      })();
      return stopped;
    },
  };
}

/** Failed example jobs are expected here; the SDK would log each at WARN with a stack. */
function quietSdkLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}
