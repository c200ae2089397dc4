import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import type { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import type { ObjectStore } from '../../packages/jobs/src/files/object-store';
import { createOperationsWorker } from '../../services/worker/create-worker';
import { workflowBundlePath } from '../helpers/test-services';

export interface FaultWorker {
  /** Shuts the worker down and closes its connections. */
  stop(): Promise<void>;
}

/**
 * An operations worker in this process against any Temporal server and object store (the
 * fault tests start their own), with the run's prebuilt workflow bundle.
 */
export async function startFaultWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  jobs: JobRegistry;
  objectStore: ObjectStore;
}): Promise<FaultWorker> {
  quietSdkLogs();
  const connection = await NativeConnection.connect({ address: options.address });
  const client = new Client({
    connection: await Connection.connect({ address: options.address }),
    namespace: options.namespace,
  });
  const worker = await createOperationsWorker({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    jobs: options.jobs,
    objectStore: options.objectStore,
    heartbeatThrottleMs: 200,
    maxConcurrentJobs: 20,
    shutdownGraceMs: 1000,
    workflowBundle: { codePath: workflowBundlePath() },
    cleanup: { client, retentionMs: 86_400_000, orphanGraceMs: 3_600_000 },
  });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close();
      await client.connection.close();
    },
  };
}

/** Failed polls (while a server is away) and failed jobs are expected here; the SDK would log each. */
function quietSdkLogs(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      // The core's own retry warnings go straight to the console otherwise.
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch {
    // Installed already by an earlier file in this process.
  }
}
