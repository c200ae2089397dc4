import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import type { Readiness } from './health-server';

const { TaskQueueType } = proto.temporal.api.enums.v1;

/** How long one readiness check may wait for Temporal. */
const CHECK_DEADLINE_MS = 2000;

/**
 * Readiness of a running worker: its state is RUNNING and Temporal lists its identity among
 * the pollers of both the workflow and the activity task queue, so work sent now is picked up.
 * A RUNNING state alone is set before the first poll reaches the server. Once seen polling,
 * only the state is checked (a poller entry ages out of Temporal's list after a quiet minute).
 */
export function workerReadiness(worker: Worker, client: Client, taskQueue: string): () => Promise<Readiness> {
  let seenPolling = false;
  return async () => {
    const state = worker.getState();
    if (state !== 'RUNNING') return { ready: false, reason: `the worker is ${state.toLowerCase()}` };
    if (!seenPolling) seenPolling = await pollsBothQueues(client, taskQueue, worker.options.identity);
    return seenPolling
      ? { ready: true }
      : { ready: false, reason: `Temporal lists no poll from ${worker.options.identity} yet` };
  };
}

async function pollsBothQueues(client: Client, taskQueue: string, identity: string): Promise<boolean> {
  const { connection } = client;
  const polls = async (taskQueueType: proto.temporal.api.enums.v1.TaskQueueType) => {
    const { pollers } = await connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () =>
      connection.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType,
      }),
    );
    return (pollers ?? []).some((poller) => poller.identity === identity);
  };
  const [workflows, activities] = await Promise.all([
    polls(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
    polls(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  return workflows && activities;
}
