import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOperation, readOperation } from '../../packages/client/src/temporal/index';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { startTestWorker, testClient, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';

let client: Client;
let worker: TestWorker;
let taskQueue: string;

beforeAll(async () => {
  client = await testClient();
  taskQueue = uniqueTaskQueue('start');
  // One job slot: a second operation waits for it, as any would with every slot busy.
  worker = await startTestWorker({ taskQueue, maxConcurrentJobs: 1 });
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
});

const start = (params: object) =>
  startTestOperation(client, { job: 'OperationExampleJob', params, userId: 'start-user', taskQueue });

describe('running means running', () => {
  it('reads created, with no startedAt, while the job waits for a worker slot; then running from its own start', async () => {
    const busy = await start({ type: 'cancellable', steps: 1000, stepMs: 100 });
    await waitForOperation(client, busy.id, (record) => record.status === 'running' && record.startedAt !== null);
    const waiting = await start({ type: 'progress', steps: 2, stepMs: 50 });

    // Long enough for the workflow to have scheduled the job: it stays created while the slot is taken.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const queued = await readOperation(client, waiting.id);
    expect(queued).toMatchObject({ status: 'created', startedAt: null });

    const freedAt = new Date();
    await cancelOperation(client, busy.id);
    const done = await waitForOperation(client, waiting.id, finished);
    expect(done.status).toBe('completed');
    expect(new Date(done.startedAt!).getTime()).toBeGreaterThanOrEqual(freedAt.getTime() - 50);
    expect(new Date(done.startedAt!).getTime()).toBeLessThanOrEqual(new Date(done.closedAt!).getTime());
  });

  it('keeps startedAt null for an operation canceled before any worker started its job', async () => {
    const busy = await start({ type: 'cancellable', steps: 1000, stepMs: 100 });
    await waitForOperation(client, busy.id, (record) => record.status === 'running' && record.startedAt !== null);
    const never = await start({ type: 'progress', steps: 2, stepMs: 50 });
    await waitForOperation(client, never.id, (record) => record.status === 'created');
    await cancelOperation(client, never.id);
    expect(await waitForOperation(client, never.id, finished)).toMatchObject({ status: 'canceled', startedAt: null });
    await cancelOperation(client, busy.id);
    expect((await waitForOperation(client, busy.id, finished)).startedAt).not.toBeNull();
  });
});

describe('a fair share between users', () => {
  it("runs another user's new operation before most of one user's backlog", async () => {
    const queue = uniqueTaskQueue('fair');
    // Two job slots and 24 queued one-second jobs of one user: a backlog of about 12 s.
    const fairWorker = await startTestWorker({ taskQueue: queue, maxConcurrentJobs: 2 });
    try {
      const startFor = (userId: string) =>
        startTestOperation(client, {
          job: 'OperationExampleJob',
          params: { type: 'progress', steps: 2, stepMs: 500 },
          userId,
          taskQueue: queue,
        });
      const heavy = [];
      for (let i = 0; i < 24; i++) heavy.push(await startFor('heavy-user'));
      await waitForOperation(client, heavy[0]!.id, (record) => record.status === 'running');
      const light = await startFor('light-user');

      const lightDone = await waitForOperation(client, light.id, finished, 60_000);
      const heavyDone = await Promise.all(heavy.map(({ id }) => waitForOperation(client, id, finished, 90_000)));
      const startedBefore = heavyDone.filter((record) => record.startedAt! < lightDone.startedAt!).length;
      // In turn with the backlog, not behind it: first come, first served would start all 24 first.
      // Typically 2 go first (the jobs already running); eager dispatch on a loaded machine adds a few.
      expect(startedBefore).toBeLessThan(12);
    } finally {
      await fairWorker.stop();
    }
  });
});
