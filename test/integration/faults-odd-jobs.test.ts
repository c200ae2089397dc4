import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationExampleJob } from '../../jobs';
import { faultJobRegistry } from '../helpers/fault-jobs';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, type TestWorker } from '../helpers/test-worker';

let client: Client;
let worker: TestWorker;
let lacking: TestWorker;

const start = (job: string, params: unknown, taskQueue = worker.taskQueue) =>
  startTestOperation(client, { job, params, userId: 'odd-jobs-user', taskQueue, jobs: faultJobRegistry });

/** How many times Temporal started the job activity of an operation, from its history. */
async function attemptsOf(id: string): Promise<number> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const started = history.events?.filter((event) => event.activityTaskStartedEventAttributes) ?? [];
  return Math.max(0, ...started.map((event) => event.activityTaskStartedEventAttributes?.attempt ?? 0));
}

beforeAll(async () => {
  client = await testClient();
  worker = await startTestWorker({ jobs: faultJobRegistry });
  // A worker deployed with an older registry: it has the example job only.
  lacking = await startTestWorker({ jobs: new JobRegistry([OperationExampleJob]) });
});

afterAll(async () => {
  await worker?.stop();
  await lacking?.stop();
  await client?.connection.close();
});

describe('a job that throws something other than an Error', () => {
  it.each([
    ['string', 'the disk is full'],
    ['object', "The job threw { code: 'E_QUOTA', retryIn: 30 }"],
    ['undefined', 'The job failed without an error (it threw undefined)'],
    ['null', 'The job failed without an error (it threw null)'],
  ])('fails once with a readable message when it throws %s', async (thrown, message) => {
    const operation = await start('ThrowingJob', { thrown });
    const record = await waitForOperation(client, operation.id, finished);
    expect(record.status).toBe('failed');
    expect(record.error).toEqual({ message });
    expect(record.logs.map((log) => log.message)).toEqual(['About to throw']);
    expect(await attemptsOf(operation.id)).toBe(1);
  });
});

describe('a worker whose registry lacks the job', () => {
  it('fails the operation once, naming the missing job', async () => {
    const operation = await start('ThrowingJob', { thrown: 'string' }, lacking.taskQueue);
    const record = await waitForOperation(client, operation.id, finished);
    expect(record.status).toBe('failed');
    expect(record.error?.message).toBe(
      'This worker has no job named "ThrowingJob" (it is not in the worker\'s job registry)',
    );
    expect(await attemptsOf(operation.id)).toBe(1);
    expect(record.logs).toEqual([]);
  });
});

describe('a job over its timeoutMs', () => {
  it('fails once with "timed out after 3 s", not retried until Temporal gives up', async () => {
    const operation = await start('OverrunningJob', {});
    const record = await waitForOperation(client, operation.id, finished, 30_000);
    expect(record.status).toBe('failed');
    expect(record.error).toEqual({ message: 'The job timed out after 3 s (its timeoutMs)' });
    expect(record.logs.map((log) => log.message)).toEqual(['Attempt 1 started']);
    expect(record.output.message).toBeNull();
    expect(await attemptsOf(operation.id)).toBe(1);
  });
});
