import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { serviceEnvironment } from '../../dev/service-environment';
import { testServices } from './test-services';

const workerEntry = fileURLToPath(new URL('../../services/worker/worker.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Sends a signal and waits until the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The worker process of the fault tests: the real one, running test/helpers/fault-jobs.ts too. */
export const faultJobsWorkerEntry = fileURLToPath(new URL('./fault-jobs-worker.ts', import.meta.url));

/**
 * Runs `services/worker/worker.ts` (or another `entry`) as its own process, as production
 * does, and waits until it polls.
 */
export async function startWorkerProcess(
  client: Client,
  taskQueue: string,
  env: Record<string, string> = {},
  entry = workerEntry,
): Promise<WorkerProcess> {
  const services = testServices();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      ...serviceEnvironment(services),
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'warn',
      WORKER_HEARTBEAT_THROTTLE_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitForActivityPoller(client, taskQueue, child);
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
  return { child, kill };
}

async function waitForActivityPoller(client: Client, taskQueue: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`worker process exited with code ${child.exitCode}`);
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    // Its own poller: another worker on the same queue may be polling already.
    if (pollers?.some((poller) => poller.identity?.startsWith(`${child.pid}@`))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('worker process did not start polling within 90 s');
}
