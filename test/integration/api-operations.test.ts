import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation, OperationSummary } from '../../services/api/schemas/operation';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

type ExampleType = 'progress' | 'success' | 'failed' | 'action' | 'cancellable';

async function create(
  userId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ statusCode: number; operation: Operation; location: string | undefined }> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: { ...(await authHeader(userId)), ...headers },
    payload: body,
  });
  expect([200, 201], response.body).toContain(response.statusCode);
  return {
    statusCode: response.statusCode,
    operation: response.json(),
    location: response.headers.location as string | undefined,
  };
}

async function createExample(userId: string, type: ExampleType, params: Record<string, unknown> = {}) {
  return (await create(userId, { job: 'OperationExampleJob', params: { type, steps: 2, stepMs: 50, ...params } }))
    .operation;
}

async function read(userId: string, id: string) {
  return api.app.inject({ url: `/v1/operations/${id}`, headers: await authHeader(userId) });
}

/** Polls the operation until `done` holds (bounded), and returns it. */
async function waitFor(userId: string, id: string, done: (operation: Operation) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let operation: Operation | undefined;
  while (Date.now() < deadline) {
    const response = await read(userId, id);
    expect(response.statusCode, response.body).toBe(200);
    operation = response.json();
    if (done(operation!)) return operation!;
    await sleep(100);
  }
  throw new Error(`operation ${id} never matched; last seen ${JSON.stringify(operation)}`);
}

const finished = (operation: Operation) => ['completed', 'failed', 'canceled'].includes(operation.status);

async function list(userId: string, query = '') {
  const response = await api.app.inject({ url: `/v1/operations${query}`, headers: await authHeader(userId) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { operations: OperationSummary[]; nextPageToken: string | null };
}

/** Lists until visibility has caught up with `count` operations (it is eventually consistent). */
async function listWhen(userId: string, query: string, ready: (page: OperationSummary[]) => boolean) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const page = await list(userId, query);
    if (ready(page.operations)) return page;
    await sleep(100);
  }
  throw new Error(`the list ${query} never became ready`);
}

describe('POST /v1/operations and GET /v1/operations/{id}', () => {
  it('starts an operation: 201, Location, the Operation, then it completes', async () => {
    const user = uniqueUser('alice');
    const { statusCode, operation, location } = await create(user, {
      job: 'OperationExampleJob',
      params: { type: 'success', steps: 1, stepMs: 50 },
    });
    expect(statusCode).toBe(201);
    expect(operation.id).toMatch(/^op_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(location).toBe(`/v1/operations/${operation.id}`);
    expect(operation).toMatchObject({
      job: 'OperationExampleJob',
      params: { type: 'success', steps: 1, stepMs: 50 },
      userId: user,
      status: 'created',
      percentage: null,
      logs: [],
      output: { message: null, file: null, action: null },
      error: null,
      inputFile: null,
      startedAt: null,
      closedAt: null,
      links: {
        self: `/v1/operations/${operation.id}`,
        events: `/v1/operations/${operation.id}/events`,
        page: `/operations/${operation.id}`,
      },
    });
    const done = await waitFor(user, operation.id, finished);
    expect(done).toMatchObject({ status: 'completed', output: { message: 'Operation succeeded' }, error: null });
    expect(done.startedAt).not.toBeNull();
    expect(done.closedAt).not.toBeNull();
  });

  it('fills in param defaults', async () => {
    const user = uniqueUser();
    const { operation } = await create(user, { job: 'OperationExampleJob', params: { type: 'action' } });
    expect(operation.params).toEqual({ type: 'action', steps: 5, stepMs: 1000 });
    await waitFor(user, operation.id, finished);
  });

  it('shows progress and logs of a running job, then its message', async () => {
    const user = uniqueUser();
    const operation = await createExample(user, 'progress', { steps: 4, stepMs: 300 });
    // Percentage and log are two reports; a read may fall between them.
    const running = await waitFor(user, operation.id, (current) => current.logs.length > 0);
    expect(running.status).toBe('running');
    expect(running.percentage).toBeGreaterThan(0);
    expect(running.logs[0]).toMatchObject({ message: 'Step 1 of 4' });
    const done = await waitFor(user, operation.id, finished);
    expect(done).toMatchObject({ status: 'completed', percentage: 100, output: { message: 'Completed 4 steps' } });
    expect(done.logs.map((log) => log.message)).toEqual(['Step 1 of 4', 'Step 2 of 4', 'Step 3 of 4', 'Step 4 of 4']);
  });

  it('reports a failed job with its error message, and an action', async () => {
    const user = uniqueUser();
    const failing = await createExample(user, 'failed');
    const withAction = await createExample(user, 'action');
    expect(await waitFor(user, failing.id, finished)).toMatchObject({
      status: 'failed',
      error: { message: 'This is the operation error message' },
    });
    expect(await waitFor(user, withAction.id, finished)).toMatchObject({
      status: 'completed',
      output: {
        message: 'Operation succeeded with an action',
        action: { label: 'Visit the homepage', href: '/', attributes: {} },
      },
    });
  });
});

describe('idempotency', () => {
  it('returns the first operation, 200, for the same key from the same user', async () => {
    const user = uniqueUser();
    const body = { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 10 } };
    const first = await create(user, { ...body, idempotencyKey: 'order-42:export' });
    const again = await create(user, { ...body, idempotencyKey: 'order-42:export' });
    const byHeader = await create(user, body, { 'idempotency-key': 'order-42:export' });
    const both = await create(
      user,
      { ...body, idempotencyKey: 'order-42:export' },
      { 'idempotency-key': 'order-42:export' },
    );
    expect(first.statusCode).toBe(201);
    for (const replay of [again, byHeader, both]) {
      expect(replay.statusCode).toBe(200);
      expect(replay.location).toBeUndefined();
      expect(replay.operation.id).toBe(first.operation.id);
    }
    // Still the same after it completed.
    await waitFor(user, first.operation.id, finished);
    const late = await create(user, { ...body, idempotencyKey: 'order-42:export' });
    expect(late).toMatchObject({ statusCode: 200, operation: { id: first.operation.id, status: 'completed' } });
  });

  it('answers 409 when the key comes back with another job or other params', async () => {
    const user = uniqueUser();
    await create(user, { job: 'OperationExampleJob', params: { type: 'action' }, idempotencyKey: 'k1' });
    for (const body of [
      { job: 'OperationExampleJob', params: { type: 'success' }, idempotencyKey: 'k1' },
      { job: 'ExportProductsJob', params: { productIds: [1] }, idempotencyKey: 'k1' },
    ]) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/operations',
        headers: await authHeader(user),
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('keeps keys per user: the same key from another user starts another operation', async () => {
    const body = { job: 'OperationExampleJob', params: { type: 'action' }, idempotencyKey: 'shared-key' };
    const alices = await create(uniqueUser('alice'), body);
    const bobs = await create(uniqueUser('bob'), body);
    expect(alices.statusCode).toBe(201);
    expect(bobs.statusCode).toBe(201);
    expect(bobs.operation.id).not.toBe(alices.operation.id);
  });
});

describe('GET /v1/operations', () => {
  it('pages through every operation of the caller, and filters by status and job', async () => {
    const user = uniqueUser();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createExample(user, 'action')).id);
    const exported = (await create(user, { job: 'ExportProductsJob', params: { productIds: [1, 2, 3] } })).operation;
    for (const id of [...ids, exported.id]) await waitFor(user, id, finished);

    // Visibility catches up with the completed status asynchronously.
    await listWhen(user, '?status=completed', (page) => page.length === 6);

    const seen: string[] = [];
    let token: string | null = null;
    for (let pageNumber = 0; pageNumber < 10; pageNumber++) {
      const query: string = `?pageSize=2${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
      const page = await list(user, query);
      expect(page.operations.length).toBeLessThanOrEqual(2);
      seen.push(...page.operations.map((operation) => operation.id));
      token = page.nextPageToken;
      if (!token) break;
    }
    expect(token).toBeNull();
    expect(new Set(seen).size).toBe(6);
    expect(new Set(seen)).toEqual(new Set([...ids, exported.id]));

    // closedAt is the workflow's close, which follows its webhook step: the list shows it once visibility has it.
    const listed = async () =>
      (await list(user, '?pageSize=100')).operations.find((operation) => operation.id === exported.id);
    await expect.poll(async () => (await listed())?.closedAt ?? null, { timeout: 10_000 }).not.toBeNull();
    const item = await listed();
    expect(item).toMatchObject({
      id: exported.id,
      job: 'ExportProductsJob',
      userId: user,
      status: 'completed',
      links: { self: `/v1/operations/${exported.id}` },
    });
    expect(item?.closedAt).not.toBeNull();

    const byJob = await list(user, '?job=ExportProductsJob');
    expect(byJob.operations.map((operation) => operation.id)).toEqual([exported.id]);
    expect((await list(user, '?status=running')).operations).toEqual([]);
    expect((await list(user, '?status=failed&job=OperationExampleJob')).operations).toEqual([]);
  });

  it('refuses a page token issued for other filters', async () => {
    const user = uniqueUser();
    for (let i = 0; i < 3; i++) await createExample(user, 'action');
    const first = await listWhen(user, '?pageSize=1', (page) => page.length === 1);
    expect(first.nextPageToken).not.toBeNull();
    const reused = await api.app.inject({
      url: `/v1/operations?pageSize=1&status=completed&pageToken=${encodeURIComponent(first.nextPageToken!)}`,
      headers: await authHeader(user),
    });
    expect(reused.statusCode).toBe(400);
    const stolen = await api.app.inject({
      url: `/v1/operations?pageSize=1&pageToken=${encodeURIComponent(first.nextPageToken!)}`,
      headers: await authHeader(uniqueUser('thief')),
    });
    expect(stolen.statusCode).toBe(400);
  });
});

describe('POST /v1/operations/{id}/cancel', () => {
  it('answers 202 with the operation, which then ends as canceled; a second cancel answers 409', async () => {
    const user = uniqueUser();
    const operation = await createExample(user, 'cancellable', { steps: 200, stepMs: 100 });
    await waitFor(user, operation.id, (current) => current.status === 'running');
    const cancel = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${operation.id}/cancel`,
      headers: await authHeader(user),
    });
    expect(cancel.statusCode, cancel.body).toBe(202);
    expect(cancel.json()).toMatchObject({ id: operation.id, userId: user });
    const canceled = await waitFor(user, operation.id, finished);
    expect(canceled.status).toBe('canceled');
    const again = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${operation.id}/cancel`,
      headers: await authHeader(user),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, detail: expect.stringContaining('canceled') });
  });

  it('answers 409 for a completed operation', async () => {
    const user = uniqueUser();
    const operation = await createExample(user, 'action');
    await waitFor(user, operation.id, finished);
    const response = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${operation.id}/cancel`,
      headers: await authHeader(user),
    });
    expect(response.statusCode).toBe(409);
  });
});

describe('ownership', () => {
  it("alice can neither read, list nor cancel bob's operation, and cannot tell it exists", async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const bobs = await createExample(bob, 'cancellable', { steps: 100, stepMs: 100 });
    await createExample(alice, 'action');
    await listWhen(bob, '', (page) => page.some((operation) => operation.id === bobs.id));

    const missing = await read(alice, 'op_01JABCDEFGHJKMNPQRSTVWXYZ0');
    const asAlice = await read(alice, bobs.id);
    expect(asAlice.statusCode).toBe(404);
    expect(asAlice.headers['content-type']).toBe(missing.headers['content-type']);
    expect(asAlice.json()).toEqual(missing.json());

    const alicesList = await listWhen(alice, '', (page) => page.length === 1);
    expect(alicesList.operations.map((operation) => operation.userId)).toEqual([alice]);
    expect(JSON.stringify(alicesList)).not.toContain(bobs.id);

    const cancel = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${bobs.id}/cancel`,
      headers: await authHeader(alice),
    });
    expect(cancel.statusCode).toBe(404);
    expect(cancel.json()).toEqual(missing.json());

    // Bob's operation is untouched and still his to cancel.
    const stillRunning = await read(bob, bobs.id);
    expect(stillRunning.json().status).not.toBe('canceled');
    const bobCancels = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${bobs.id}/cancel`,
      headers: await authHeader(bob),
    });
    expect(bobCancels.statusCode).toBe(202);
    await waitFor(bob, bobs.id, finished);
  });
});
