import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../services/api/schemas/operation';
import { WAITS_PER_USER } from '../../services/api/routes/wait-operation';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

// Long-running-operation conventions: Operation-Location, Retry-After and `GET …?wait=N`.
let api: TestApi;
let worker: TestWorker;
let baseUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  // Real HTTP for the disconnect test; inject for the rest.
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const finishedStatuses = ['completed', 'failed', 'canceled'];

async function create(userId: string, params: Record<string, unknown>) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(userId),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { response, operation: response.json() as Operation };
}

/** An operation that runs for about 20 s unless canceled. */
const longParams = { type: 'cancellable', steps: 200, stepMs: 100 };

async function read(userId: string, id: string, query = '') {
  return api.app.inject({ url: `/v1/operations/${id}${query}`, headers: await authHeader(userId) });
}

async function cancel(userId: string, id: string) {
  return api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(userId) });
}

async function readUntilFinished(userId: string, id: string): Promise<Operation> {
  const response = await read(userId, id, '?wait=30');
  expect(response.statusCode, response.body).toBe(200);
  const operation = response.json() as Operation;
  expect(finishedStatuses).toContain(operation.status);
  return operation;
}

describe('Operation-Location and Retry-After', () => {
  it('201 and 202 name the operation; reads say Retry-After only while it is unfinished', async () => {
    const user = uniqueUser();
    const { response, operation } = await create(user, longParams);
    expect(response.headers['operation-location']).toBe(`/v1/operations/${operation.id}`);
    expect(response.headers.location).toBe(`/v1/operations/${operation.id}`);
    expect(response.headers['retry-after']).toBe('1');

    const running = await read(user, operation.id);
    expect(running.statusCode).toBe(200);
    expect(running.headers['retry-after']).toBe('1');

    const canceled = await cancel(user, operation.id);
    expect(canceled.statusCode, canceled.body).toBe(202);
    expect(canceled.headers['operation-location']).toBe(`/v1/operations/${operation.id}`);
    if (!finishedStatuses.includes((canceled.json() as Operation).status)) {
      expect(canceled.headers['retry-after']).toBe('1');
    }

    expect((await readUntilFinished(user, operation.id)).status).toBe('canceled');
    const finished = await read(user, operation.id);
    expect(finished.statusCode).toBe(200);
    expect(finished.headers['retry-after']).toBeUndefined();
  });

  it('are documented in the OpenAPI document', async () => {
    const document = (await api.app.inject({ url: '/openapi.json' })).json();
    const create201 = document.paths['/v1/operations'].post.responses['201'];
    expect(Object.keys(create201.headers)).toEqual(expect.arrayContaining(['operation-location', 'retry-after']));
    const cancel202 = document.paths['/v1/operations/{id}/cancel'].post.responses['202'];
    expect(Object.keys(cancel202.headers)).toEqual(expect.arrayContaining(['operation-location', 'retry-after']));
    const read = document.paths['/v1/operations/{id}'].get;
    expect(Object.keys(read.responses['200'].headers)).toContain('retry-after');
    expect(read.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'wait', in: 'query' })]));
  });
});

describe('GET /v1/operations/{id}?wait=N', () => {
  it('answers with the finished operation as soon as the job ends', async () => {
    const user = uniqueUser();
    const { operation } = await create(user, { type: 'success', steps: 2, stepMs: 500 });
    const began = Date.now();
    const response = await read(user, operation.id, '?wait=30');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: operation.id, status: 'completed' });
    expect(response.headers['retry-after']).toBeUndefined();
    // Generous: the job takes 1 s, the wait allows 30.
    expect(Date.now() - began).toBeLessThan(20_000);
  });

  it('answers with the current state once N seconds have passed', async () => {
    const user = uniqueUser();
    const { operation } = await create(user, longParams);
    const began = Date.now();
    const response = await read(user, operation.id, '?wait=1');
    expect(response.statusCode, response.body).toBe(200);
    expect(['created', 'running']).toContain((response.json() as Operation).status);
    expect(response.headers['retry-after']).toBe('1');
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
    expect((await cancel(user, operation.id)).statusCode).toBe(202);
    await readUntilFinished(user, operation.id);
  });

  it('answers a failed operation at once, finished as it is', async () => {
    const user = uniqueUser();
    const { operation } = await create(user, { type: 'failed', stepMs: 50 });
    expect((await readUntilFinished(user, operation.id)).status).toBe('failed');
    const began = Date.now();
    const again = await read(user, operation.id, '?wait=60');
    expect(again.json()).toMatchObject({ status: 'failed', error: { message: 'This is the operation error message' } });
    expect(Date.now() - began).toBeLessThan(20_000);
  });

  it.each(['0', '61', '1.5', 'x', '', '-1'])('refuses wait=%j with a 400 problem naming the field', async (wait) => {
    const user = uniqueUser();
    const response = await read(user, 'op_01JZZZZZZZZZZZZZZZZZZZZZZZ', `?wait=${encodeURIComponent(wait)}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'wait' })]));
  });

  it("answers 404 at once for another user's operation", async () => {
    const owner = uniqueUser('owner');
    const { operation } = await create(owner, longParams);
    const began = Date.now();
    const response = await read(uniqueUser('other'), operation.id, '?wait=60');
    expect(response.statusCode).toBe(404);
    expect(Date.now() - began).toBeLessThan(20_000);
    expect((await cancel(owner, operation.id)).statusCode).toBe(202);
    await readUntilFinished(owner, operation.id);
  });

  it('caps waiting reads per user, and a client that goes away gives its slot back', async () => {
    const user = uniqueUser();
    const { operation } = await create(user, longParams);
    const headers = await authHeader(user);
    const url = `${baseUrl}/v1/operations/${operation.id}`;
    // One more than the cap at once: exactly one is refused at once, the others wait.
    const controllers = Array.from({ length: WAITS_PER_USER + 1 }, () => new AbortController());
    const waits = controllers.map((controller) =>
      fetch(`${url}?wait=60`, { headers, signal: controller.signal }).catch((error: unknown) => error as Error),
    );
    const first = await Promise.race(waits);
    expect(first).toBeInstanceOf(Response);
    const refused = first as Response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('1');
    await refused.body?.cancel();

    for (const controller of controllers) controller.abort();
    const outcomes = await Promise.all(waits);
    expect(outcomes.filter((outcome) => outcome instanceof Error && outcome.name === 'AbortError')).toHaveLength(
      WAITS_PER_USER,
    );
    // Their slots come back as their connections close, without waiting out the 60 s: a full set is taken again.
    await pollFor(async () => {
      const statuses = await Promise.all(
        Array.from({ length: WAITS_PER_USER }, async () => {
          const response = await fetch(`${url}?wait=1`, { headers });
          await response.body?.cancel();
          return response.status;
        }),
      );
      return statuses.every((status) => status === 200) ? statuses : null;
    });

    expect((await cancel(user, operation.id)).statusCode).toBe(202);
    await readUntilFinished(user, operation.id);
  });
});

/** Calls `attempt` until it answers non-null (bounded: 15 s). */
async function pollFor<T>(attempt: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
