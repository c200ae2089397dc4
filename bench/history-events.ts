import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ApiClient } from './api-client';
import type { bareWorkflow } from './workflows';

export interface HistoryEventsResult {
  /** Events in the history of a no-op operation. */
  noopOperation: number;
  /** Events of an OperationExampleJob `progress` with 5 steps (5 percentages, 5 logs, 5 checkpoints). */
  progressOperation: number;
  /** Events of the bare workflow + activity, for comparison. */
  bareWorkflow: number;
}

/** Counts history events with the client's `fetchHistory`, as issue 3 asks. */
export async function countHistoryEvents(client: Client, id: string): Promise<number> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  return history.events?.length ?? 0;
}

/** Runs a no-op and a 5-step progress operation through the API, and a bare workflow, and counts their events. */
export async function benchHistoryEvents(
  api: ApiClient,
  client: Client,
  taskQueue: string,
  log: (line: string) => void,
): Promise<HistoryEventsResult> {
  log('history events: a no-op operation, a 5-step progress operation and a bare workflow');
  const noopId = await api.start('BenchNoopJob', {});
  const progressId = await api.start('OperationExampleJob', { type: 'progress', steps: 5 });
  const bareId = `bare-${randomUUID()}`;
  await client.workflow.start<typeof bareWorkflow>('bareWorkflow', { args: [bareId], workflowId: bareId, taskQueue });
  await Promise.all([noopId, progressId, bareId].map((id) => client.workflow.getHandle(id).result()));
  return {
    noopOperation: await countHistoryEvents(client, noopId),
    progressOperation: await countHistoryEvents(client, progressId),
    bareWorkflow: await countHistoryEvents(client, bareId),
  };
}
