import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_GRACE_MS } from '../../packages/jobs/src/activities/run-job';
import type { ObjectStore } from '../../packages/jobs/src/files/object-store';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';
import { operationStatusSearchAttribute, type OperationRecord } from '../../packages/client/src/contract/definitions';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { faultJobRegistry } from '../helpers/fault-jobs';
import { finished, startTestOperation, waitForOperation } from '../helpers/operations';
import { openSse } from '../helpers/sse-client';
import { storedKeys } from '../helpers/stored-objects';
import { startTestWorker, testObjectStore, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let client: Client;
let worker: TestWorker;
let objectStore: ObjectStore;
let baseUrl: string;
let markerDir: string;
const started: TestWorker[] = [];

beforeAll(async () => {
  api = await startTestApi({}, faultJobRegistry);
  client = api.client;
  worker = await startTestWorker({ taskQueue: api.taskQueue, jobs: faultJobRegistry });
  objectStore = testObjectStore();
  markerDir = await mkdtemp(join(tmpdir(), 'cancel-races-'));
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await Promise.all(started.map((other) => other.stop()));
  await worker?.stop();
  await api?.close();
  if (markerDir) await rm(markerDir, { recursive: true, force: true });
});

async function create(user: string, job: string, params: unknown): Promise<string> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(user),
    payload: { job, params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<OperationJson>().id;
}

async function cancel(user: string, id: string): Promise<number> {
  const response = await api.app.inject({
    method: 'POST',
    url: `/v1/operations/${id}/cancel`,
    headers: await authHeader(user),
  });
  expect([202, 409], response.body).toContain(response.statusCode);
  return response.statusCode;
}

async function read(user: string, id: string): Promise<OperationJson> {
  const response = await api.app.inject({ url: `/v1/operations/${id}`, headers: await authHeader(user) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OperationJson>();
}

/** The list's status of an operation, once visibility has caught up (its own bound: 5 s). */
async function listedStatus(user: string, id: string, status: string): Promise<string | undefined> {
  const until = Date.now() + 5000;
  let listed: string | undefined;
  do {
    const response = await api.app.inject({ url: '/v1/operations?pageSize=100', headers: await authHeader(user) });
    listed = response
      .json<{ operations: { id: string; status: string }[] }>()
      .operations.find((item) => item.id === id)?.status;
    if (listed === status) return listed;
    await sleep(100);
  } while (Date.now() < until);
  return listed;
}

/** The operation's final state as Temporal itself shows it: the status attribute and the workflow's result. */
async function temporalView(id: string): Promise<{ attribute: unknown; result: string; execution: string }> {
  const handle = client.workflow.getHandle(id);
  // The workflow closes once its webhook step has settled, a moment after its final state.
  const result = (await handle.result()) as OperationRecord;
  const description = await handle.describe();
  return {
    attribute: description.typedSearchAttributes.get(operationStatusSearchAttribute),
    result: result.status,
    execution: description.status.name,
  };
}

/** Every reader agrees on one final state; returns it. */
async function expectOneFinalState(user: string, id: string, sseFinal: OperationJson): Promise<string> {
  const got = await read(user, id);
  const status = got.status;
  expect(['completed', 'canceled']).toContain(status);
  expect(sseFinal.status).toBe(status);
  expect(sseFinal.output).toEqual(got.output);
  expect(await listedStatus(user, id, status)).toBe(status);
  // The workflow completes normally in both cases, so its result stays readable without a worker.
  expect(await temporalView(id)).toEqual({ attribute: status, result: status, execution: 'COMPLETED' });
  return status;
}

describe('cancel against completion', () => {
  it('ends each operation in one final state, the same in GET, SSE, the list and Temporal', async () => {
    const user = uniqueUser('race');
    // Cancels sent from before the first step to after the last: some win, some lose.
    const delaysMs = [0, 300, 600, 800, 900, 1000, 1100, 1300, 2500];
    const outcomes = await Promise.all(
      delaysMs.map(async (delayMs) => {
        const id = await create(user, 'OperationExampleJob', { type: 'progress', steps: 3, stepMs: 300 });
        const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, await authHeader(user));
        await sleep(delayMs);
        const answer = await cancel(user, id);
        await stream.closed;
        const last = JSON.parse(stream.messages.at(-1)!.data) as OperationJson;
        const status = await expectOneFinalState(user, id, last);
        // A refused cancel (409) came after the end: the job had completed.
        if (answer === 409) expect(status).toBe('completed');
        if (status === 'completed') expect(last.output.message).toBe('Completed 3 steps');
        else expect(last.output.message).toBeNull();
        return status;
      }),
    );
    // A cancel sent at once always wins; which of the later ones win depends on the machine.
    expect(outcomes[0]).toBe('canceled');
  });
});

describe('cancel of an operation no worker has picked up', () => {
  it('reads created until a worker comes, then ends canceled without running the job', async () => {
    const user = uniqueUser('early');
    const taskQueue = uniqueTaskQueue('nobody-yet');
    const operation = await startTestOperation(client, {
      job: 'OperationExampleJob',
      params: { type: 'progress', steps: 2, stepMs: 100 },
      userId: user,
      taskQueue,
      jobs: faultJobRegistry,
    });
    expect(await cancel(user, operation.id)).toBe(202);
    expect((await read(user, operation.id)).status).toBe('created');

    started.push(await startTestWorker({ taskQueue, jobs: faultJobRegistry }));
    const record = await waitForOperation(client, operation.id, finished, 20_000);

    expect(record.status).toBe('canceled');
    expect(record.logs).toEqual([]);
    expect(record.percentage).toBeNull();
    const history = await client.workflow.getHandle(operation.id).fetchHistory();
    // The job never started (the webhook delivery after it is another activity).
    const jobScheduled = history.events?.find(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'runJob',
    );
    expect(
      history.events?.some(
        (event) =>
          event.activityTaskStartedEventAttributes &&
          String(event.activityTaskStartedEventAttributes.scheduledEventId) === String(jobScheduled?.eventId),
      ),
    ).toBe(false);
    const stream = await openSse(`${baseUrl}/v1/operations/${operation.id}/events`, await authHeader(user));
    await stream.closed;
    await expectOneFinalState(user, operation.id, JSON.parse(stream.messages.at(-1)!.data) as OperationJson);
  });
});

describe('a job that ignores its AbortSignal', () => {
  it('still ends canceled within the grace period, and what it does later is discarded', async () => {
    const user = uniqueUser('deaf');
    const runMs = 20_000;
    const id = await create(user, 'DeafJob', { runMs, markerDir });
    await waitForOperation(client, id, (record) => record.percentage === 10, 20_000);
    const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, await authHeader(user));

    expect(await cancel(user, id)).toBe(202);
    // Cancellation reaches a quiet job with its next keep-alive heartbeat (3 s), then the grace runs out.
    const record = await waitForOperation(client, id, finished, CANCEL_GRACE_MS + 8000);
    expect(record.status).toBe('canceled');
    await stream.closed;
    await expectOneFinalState(user, id, JSON.parse(stream.messages.at(-1)!.data) as OperationJson);

    // The job runs on in its worker and finishes: its file is refused, its message and log never land.
    const marker = join(markerDir, 'deaf-job-done');
    await waitForFile(marker, runMs + 10_000);
    expect(await readFile(marker, 'utf8')).toBe('SupersededAttemptError');
    const after = await read(user, id);
    expect(after.status).toBe('canceled');
    expect(after.logs.map((log) => log.message)).toEqual(['Working, and not listening']);
    expect(after.output).toEqual({ message: null, file: null, action: null });
    expect(await storedKeys(objectStore, `operations/${id}/`)).toEqual([]);
  });
});

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await readFile(path);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
      await sleep(200);
    }
  }
}
