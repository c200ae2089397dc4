import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { OperationRecord } from '@temporal-operations/client';
import type { ApiClient } from './api-client';
import { compareSides, type SideResult } from './compare';
import type { ProcessSet } from './proc';
import type { bareWorkflow } from './workflows';

export interface EndToEndResult {
  concurrency: number;
  api: SideResult;
  bare: SideResult;
  /** API throughput ÷ bare throughput; the target is ≥ 0.8. */
  ratio: number;
}

/**
 * From `POST /v1/operations` (a no-op job) until the workflow has completed, against a bare
 * workflow + activity started by the client, on the same worker and task queue. Both sides
 * wait for completion the same way: the workflow result (a long poll, no polling load).
 */
export async function benchEndToEnd(options: {
  api: ApiClient;
  client: Client;
  taskQueue: string;
  processes: ProcessSet;
  runs?: { concurrency: number; count: number }[];
  log: (line: string) => void;
}): Promise<EndToEndResult[]> {
  const { api, client, taskQueue } = options;
  const viaApi = async () => {
    const id = await api.start('BenchNoopJob', {});
    const record = (await client.workflow.getHandle(id).result()) as OperationRecord;
    if (record.status !== 'completed') throw new Error(`operation ${id} ended ${record.status}`);
  };
  const bare = async () => {
    const id = `bare-${randomUUID()}`;
    const handle = await client.workflow.start<typeof bareWorkflow>('bareWorkflow', {
      args: [id],
      workflowId: id,
      taskQueue,
    });
    if ((await handle.result()) !== id) throw new Error(`bare workflow ${id} answered something else`);
  };
  const results: EndToEndResult[] = [];
  const runs = options.runs ?? [
    { concurrency: 1, count: 100 },
    { concurrency: 16, count: 400 },
  ];
  for (const { concurrency, count } of runs) {
    options.log(`end to end: ${count} operations per side at concurrency ${concurrency}`);
    const [apiSide, bareSide] = await compareSides(
      [
        { name: 'API + job', run: viaApi },
        { name: 'bare workflow', run: bare },
      ],
      { count, concurrency, rounds: 4, warmup: 20, processes: options.processes },
    );
    results.push({
      concurrency,
      api: apiSide,
      bare: bareSide,
      ratio: apiSide.throughput / bareSide.throughput,
    });
  }
  return results;
}
