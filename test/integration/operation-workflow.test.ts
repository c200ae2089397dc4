import type { Client } from '@temporalio/client';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { jobRegistry, OperationExampleJob } from '../../jobs';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import {
  cancelOperation,
  listOperations,
  readOperation,
  startOperation,
  watchOperation,
} from '../../packages/client/src/temporal/index';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';

class ChattyJob extends OperationJob<{ updates: number }> {
  static override readonly params = Type.Object({ updates: Type.Integer() });
  async perform({ updates }: { updates: number }): Promise<void> {
    for (let i = 1; i <= updates; i++) await this.updateOperationPercentage((i * 100) / updates);
    await this.saveOperationOutputMessage(`Reported ${updates} times`);
  }
}

const jobs = new JobRegistry([OperationExampleJob, ChattyJob]);
let client: Client;
let worker: TestWorker;
let user: string;

const start = (job: string, params: unknown, taskQueue = worker.taskQueue) =>
  startTestOperation(client, { job, params, userId: user, taskQueue, jobs });
const waitFor = (id: string, done: (record: OperationRecord) => boolean, timeoutMs = 20_000) =>
  waitForOperation(client, id, done, timeoutMs);

beforeAll(async () => {
  client = await testClient();
  worker = await startTestWorker({ jobs });
  user = `user-${worker.taskQueue}`;
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
});

describe('operationWorkflow', () => {
  it('runs a progress job to completed, with percentage, logs and message', async () => {
    const operation = await start('OperationExampleJob', { type: 'progress', steps: 3, stepMs: 50 });
    expect(operation.status).toBe('created');
    const record = await waitFor(operation.id, finished);
    expect(record).toMatchObject({
      status: 'completed',
      percentage: 100,
      output: { message: 'Completed 3 steps' },
      error: null,
      userId: user,
    });
    expect(record.logs.map((log) => log.message)).toEqual(['Step 1 of 3', 'Step 2 of 3', 'Step 3 of 3']);
    expect(record.startedAt).not.toBeNull();
    expect(record.closedAt).not.toBeNull();
  });

  it('records the error of a failed job', async () => {
    const operation = await start('OperationExampleJob', { type: 'failed', stepMs: 10 });
    const record = await waitFor(operation.id, finished);
    expect(record.status).toBe('failed');
    expect(record.error).toEqual({ message: 'This is the operation error message' });
  });

  it('records an action', async () => {
    const record = await waitFor((await start('OperationExampleJob', { type: 'action' })).id, finished);
    expect(record.output).toMatchObject({
      message: 'Operation succeeded with an action',
      action: { label: 'Visit the homepage', href: '/' },
    });
  });

  it('runs success', async () => {
    const record = await waitFor(
      (await start('OperationExampleJob', { type: 'success', steps: 2, stepMs: 20 })).id,
      finished,
    );
    expect(record).toMatchObject({ status: 'completed', output: { message: 'Operation succeeded' } });
  });

  it('cancels a running job, which stops', async () => {
    const operation = await start('OperationExampleJob', { type: 'cancellable', steps: 100, stepMs: 50 });
    await waitFor(operation.id, (record) => (record.percentage ?? 0) > 0);
    await cancelOperation(client, operation.id);
    const record = await waitFor(operation.id, finished);
    expect(record.status).toBe('canceled');
    expect(record.percentage).toBeLessThan(100);
    expect(record.logs.length).toBeGreaterThan(0);
  });

  it('keeps history small however often a job reports progress', async () => {
    const operation = await start('ChattyJob', { updates: 10_000 });
    const record = await waitFor(operation.id, finished, 60_000);
    expect(record).toMatchObject({ status: 'completed', percentage: 100, output: { message: 'Reported 10000 times' } });
    const history = await client.workflow.getHandle(operation.id).fetchHistory();
    expect(history.events?.length).toBeLessThan(100);
  });

  it('keeps the search attributes current', async () => {
    const operation = await start('OperationExampleJob', { type: 'action' });
    await waitFor(operation.id, finished);
    const description = await client.workflow.getHandle(operation.id).describe();
    expect(description.searchAttributes).toMatchObject({
      userId: [user],
      operationJob: ['OperationExampleJob'],
      operationStatus: ['completed'],
    });
  });
});

describe('watchOperation', () => {
  it('yields each change, then the final state, and ends', async () => {
    const operation = await start('OperationExampleJob', { type: 'progress', steps: 4, stepMs: 400 });
    const seen: OperationRecord[] = [];
    for await (const record of watchOperation(client, operation.id, { intervalMs: 100 })) seen.push(record);
    const percentages = new Set(seen.map((record) => record.percentage).filter((value) => value !== null));
    expect(percentages.size).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toMatchObject({ status: 'completed', percentage: 100 });
  });

  it('ends at once for an unknown operation', async () => {
    const seen = [];
    for await (const record of watchOperation(client, 'op_01J00000000000000000000000')) seen.push(record);
    expect(seen).toEqual([]);
  });
});

describe('readOperation without a worker', () => {
  it('reads a closed operation from its result', async () => {
    const taskQueue = uniqueTaskQueue('closed');
    const own = await startTestWorker({ taskQueue, jobs });
    const operation = await start('OperationExampleJob', { type: 'action' }, taskQueue);
    await waitFor(operation.id, finished);
    await own.stop();
    const record = await readOperation(client, operation.id);
    expect(record).toMatchObject({ status: 'completed', output: { message: 'Operation succeeded with an action' } });
  });

  it('answers for an operation no worker has picked up, within 2 s', async () => {
    const operation = await start('OperationExampleJob', { type: 'progress' }, uniqueTaskQueue('nobody'));
    const began = Date.now();
    const record = await readOperation(client, operation.id);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(record).toMatchObject({ id: operation.id, status: 'created', params: { type: 'progress' }, userId: user });
    await client.workflow.getHandle(operation.id).terminate('test done');
  });

  it('answers for a running operation whose worker is gone, within 2 s, with its last progress', async () => {
    const taskQueue = uniqueTaskQueue('gone');
    const own = await startTestWorker({ taskQueue, jobs, shutdownGraceMs: 0 });
    const operation = await start('OperationExampleJob', { type: 'progress', steps: 100, stepMs: 50 }, taskQueue);
    await waitFor(operation.id, (record) => (record.percentage ?? 0) >= 3);
    await own.stop();
    const began = Date.now();
    const record = await readOperation(client, operation.id);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(record?.status).toBe('running');
    expect(record?.percentage).toBeGreaterThanOrEqual(3);
    await client.workflow.getHandle(operation.id).terminate('test done');
  });

  it('answers null for an unknown id', async () => {
    expect(await readOperation(client, 'op_01J00000000000000000000000')).toBeNull();
  });
});

describe('listOperations', () => {
  it('lists only the user’s operations, pages, and filters', async () => {
    const listUser = `${user}-list`;
    for (const type of ['action', 'action', 'failed']) {
      const check = jobRegistry.checkParams('OperationExampleJob', { type, stepMs: 0 });
      if (!check.ok) throw new Error('bad params');
      const { operation } = await startOperation(
        client,
        {
          job: 'OperationExampleJob',
          params: check.params,
          userId: listUser,
          run: jobs.get('OperationExampleJob')!.run,
        },
        { taskQueue: worker.taskQueue },
      );
      await waitFor(operation.id, finished);
    }
    const expectCount = async (filter: Partial<Parameters<typeof listOperations>[1]>, count: number) => {
      for (let i = 0; i < 50; i++) {
        const { operations } = await listOperations(client, { userId: listUser, pageSize: 100, ...filter });
        if (operations.length === count) return operations;
        await new Promise((resolve) => setTimeout(resolve, 200)); // visibility is eventually consistent
      }
      throw new Error(`never saw ${count} operations for ${JSON.stringify(filter)}`);
    };
    await expectCount({}, 3);
    await expectCount({ status: 'failed' }, 1);
    await expectCount({ status: 'completed' }, 2);
    const first = await listOperations(client, { userId: listUser, pageSize: 2 });
    expect(first.operations).toHaveLength(2);
    expect(first.nextPageToken).toBeTruthy();
    const second = await listOperations(client, { userId: listUser, pageSize: 2, pageToken: first.nextPageToken! });
    expect(second.operations).toHaveLength(1);
    expect(second.nextPageToken).toBeNull();
    const { operations } = await listOperations(client, { userId: `${listUser}" OR userId != "`, pageSize: 100 });
    expect(operations).toEqual([]);
  });
});
