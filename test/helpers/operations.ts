import type { Client } from '@temporalio/client';
import { jobRegistry } from '../../jobs';
import type { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { FINISHED_STATUSES, type OperationRecord } from '../../packages/client/src/contract/definitions';
import { readOperation, startOperation } from '../../packages/client/src/temporal/index';

/** Whether an operation has reached its final state. */
export const finished = (record: OperationRecord) => FINISHED_STATUSES.includes(record.status);

/** Starts an operation through Temporal directly, params checked and defaulted as the API does. */
export async function startTestOperation(
  client: Client,
  request: { job: string; params: unknown; userId: string; taskQueue: string; jobs?: JobRegistry },
): Promise<OperationRecord> {
  const jobs = request.jobs ?? jobRegistry;
  const check = jobs.checkParams(request.job, request.params);
  if (!check.ok) throw new Error(`bad params: ${JSON.stringify(check.errors)}`);
  const { operation } = await startOperation(
    client,
    { job: request.job, params: check.params, userId: request.userId, run: jobs.get(request.job)!.run },
    { taskQueue: request.taskQueue },
  );
  return operation;
}

/** Reads an operation until `done` holds, polling every 100 ms; fails after `timeoutMs`. */
export async function waitForOperation(
  client: Client,
  id: string,
  done: (record: OperationRecord) => boolean,
  timeoutMs = 30_000,
): Promise<OperationRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const record = await readOperation(client, id);
    if (record && done(record)) return record;
    if (Date.now() > until) {
      throw new Error(`operation ${id} still ${record?.status} (${record?.percentage}%) after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
