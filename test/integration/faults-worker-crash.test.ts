import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRegistry } from '../../jobs';
import type { OperationRecord } from '../../workflows/definitions';
import { startOperation } from '../../workflows/operations-client';
import { waitForOperation } from '../helpers/operations';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';
import { testClient, uniqueTaskQueue } from '../helpers/test-worker';

let client: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
  await client?.connection.close();
});

const waitFor = (id: string, done: (record: OperationRecord) => boolean, timeoutMs: number) =>
  waitForOperation(client, id, done, timeoutMs);

describe('a worker killed in the middle of a checkpointing job', () => {
  it('is replaced by another that resumes from the last checkpoint and completes', async () => {
    const taskQueue = uniqueTaskQueue('crash');
    const first = await startWorkerProcess(client, taskQueue);
    workers.push(first);
    const job = jobRegistry.get('OperationExampleJob')!;
    const steps = 20;
    const { operation } = await startOperation(
      client,
      { job: job.name, params: { type: 'progress', steps, stepMs: 300 }, userId: 'crash-user', run: job.run },
      { taskQueue },
    );
    const before = await waitFor(operation.id, (record) => (record.percentage ?? 0) >= 25, 60_000);
    await first.kill('SIGKILL');
    workers.push(await startWorkerProcess(client, taskQueue));

    const record = await waitFor(operation.id, (r) => r.status !== 'running' && r.status !== 'created', 90_000);

    expect(record.status).toBe('completed');
    const messages = record.logs.map((log) => log.message);
    // Every step ran exactly once: the second attempt started after the first one's checkpoint.
    expect(messages).toEqual(Array.from({ length: steps }, (_, i) => `Step ${i + 1} of ${steps}`));
    expect(messages.slice(0, before.logs.length)).toEqual(before.logs.map((log) => log.message));
    const history = await client.workflow.getHandle(operation.id).fetchHistory();
    const attempts = history.events?.find((event) => event.activityTaskStartedEventAttributes)
      ?.activityTaskStartedEventAttributes?.attempt;
    expect(attempts).toBe(2);
  });
});
