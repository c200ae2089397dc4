import type { Client } from '@temporalio/client';
import { newOperationId } from '@temporal-operations/client';
import {
  OPERATION_WORKFLOW_TYPE,
  operationJobSearchAttribute,
  operationStatusSearchAttribute,
  userIdSearchAttribute,
  type OperationInput,
} from '@temporal-operations/client';
import type { ApiClient } from './api-client';
import { compareSides, type SideResult } from './compare';
import { benchJobRegistry } from './jobs';
import type { ProcessSet } from './proc';

export interface StartOverheadResult {
  concurrency: number;
  api: SideResult;
  direct: SideResult;
  /** API throughput ÷ direct throughput; the target is ≥ 0.8. */
  ratio: number;
}

const JOB = 'BenchNoopJob';

/**
 * `POST /v1/operations` against `client.workflow.start` of the same workflow with the same
 * input, options and search attributes, on a task queue no worker polls (so that only the
 * starts are measured, not the runs they would trigger).
 */
export async function benchStartOverhead(options: {
  api: ApiClient;
  client: Client;
  userId: string;
  taskQueue: string;
  processes: ProcessSet;
  count?: number;
  concurrencies?: number[];
  log: (line: string) => void;
}): Promise<StartOverheadResult[]> {
  const { api, client, userId, taskQueue } = options;
  const run = benchJobRegistry.get(JOB)!.run;
  const directStart = async () => {
    const id = newOperationId();
    const input: OperationInput = {
      id,
      job: JOB,
      params: {},
      userId,
      inputFile: null,
      createdAt: new Date().toISOString(),
      run,
    };
    await client.workflow.start(OPERATION_WORKFLOW_TYPE, {
      args: [input],
      workflowId: id,
      taskQueue,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `${JOB} for ${userId}`,
      typedSearchAttributes: [
        { key: userIdSearchAttribute, value: userId },
        { key: operationJobSearchAttribute, value: JOB },
        { key: operationStatusSearchAttribute, value: 'created' },
      ],
    });
  };
  const results: StartOverheadResult[] = [];
  for (const concurrency of options.concurrencies ?? [1, 32]) {
    options.log(`start overhead: ${options.count ?? 500} starts per side at concurrency ${concurrency}`);
    const [apiSide, directSide] = await compareSides(
      [
        { name: 'POST /v1/operations', run: () => api.start(JOB, {}).then(() => undefined) },
        { name: 'client.workflow.start', run: directStart },
      ],
      { count: options.count ?? 500, concurrency, rounds: 5, warmup: 50, processes: options.processes },
    );
    results.push({ concurrency, api: apiSide, direct: directSide, ratio: apiSide.throughput / directSide.throughput });
  }
  return results;
}
