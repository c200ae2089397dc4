import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperationSessions } from '../../services/api/live/operation-session';
import {
  authHeader,
  signTestToken,
  startTestApi,
  TEST_JWT_SECRET,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';
import { openSse, type SseConnection, type SseMessage } from '../helpers/sse-client';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';

let api: TestApi;
let worker: TestWorker;
let baseUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
});

async function startOperation(userId: string, params: Record<string, unknown>): Promise<string> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(userId),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function events(id: string, headers: Record<string, string>): Promise<SseConnection> {
  return openSse(`${baseUrl}/v1/operations/${id}/events`, headers);
}

function operationOf(message: SseMessage): OperationJson {
  expect(message.event).toBe('operation');
  return JSON.parse(message.data) as OperationJson;
}

/** Polls a condition (bounded): the hub releases loops asynchronously, after in-flight calls return. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

function expectProblem(connection: SseConnection, status: number) {
  expect(connection.status).toBe(status);
  expect(connection.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(connection.body)).toMatchObject({ status });
}

describe('GET /v1/operations/{id}/events', () => {
  it('sends the operation at once, every change, then the final state and closes', async () => {
    const user = uniqueUser();
    const id = await startOperation(user, { type: 'progress', steps: 4, stepMs: 600 });
    const connectedAt = Date.now();
    const stream = await events(id, await authHeader(user));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toContain('no-cache');

    const first = await stream.next(3000);
    expect(first.receivedAt - connectedAt).toBeLessThan(2000);
    expect(first.id).toMatch(/^[\w-]{22}$/);
    expect(operationOf(first)).toMatchObject({ id, userId: user });
    expect(['created', 'running']).toContain(operationOf(first).status);

    await stream.closed;
    const operations = stream.messages.map(operationOf);
    const last = operations.at(-1)!;
    expect(last.status).toBe('completed');
    expect(last.output.message).toBe('Completed 4 steps');
    expect(last.percentage).toBe(100);
    // Progress arrived step by step, each event a change.
    const percentages = new Set(operations.map((operation) => operation.percentage).filter((p) => p !== null));
    expect(percentages.size).toBeGreaterThanOrEqual(3);
    expect(new Set(stream.messages.map((message) => message.data)).size).toBe(stream.messages.length);
    expect(stream.messages.every((message) => !message.data.includes('"key"'))).toBe(true);
    await eventually(() => api.app.operationHub.activeWatches === 0, 'the watch of a finished operation stops');
  });

  it('answers 404 for unknown, malformed and other users’ ids, and 401 without credentials', async () => {
    const owner = uniqueUser();
    const id = await startOperation(owner, { type: 'success', steps: 1, stepMs: 100 });
    const intruder = await authHeader(uniqueUser());
    expectProblem(await events(id, intruder), 404);
    expectProblem(await events('op_01J00000000000000000000000', intruder), 404);
    expectProblem(await events('not-an-id', intruder), 404);
    expectProblem(await events(id, {}), 401);
    expectProblem(await events(id, { authorization: 'Bearer nonsense' }), 401);
    await eventually(() => api.app.operationHub.activeWatches === 0, 'refused watchers leave no loop');
  });

  it('shares one loop among all watchers of an operation and releases it when they all disconnect', async () => {
    const user = uniqueUser();
    const id = await startOperation(user, { type: 'cancellable', steps: 200, stepMs: 200 });
    const headers = await authHeader(user);
    const streams = await Promise.all(Array.from({ length: 5 }, () => events(id, headers)));
    await Promise.all(streams.map((stream) => stream.next(5000)));
    const hub = api.app.operationHub;
    expect(hub.watchedOperations).toBe(1);
    expect(hub.activeWatches).toBe(1);
    expect(hub.watcherCount).toBe(5);

    streams.slice(0, 4).forEach((stream) => stream.close());
    await eventually(() => hub.watcherCount === 1, 'four watchers are gone');
    expect(hub.activeWatches).toBe(1);
    // The remaining watcher still hears changes.
    const before = streams[4]!.messages.length;
    await eventually(() => streams[4]!.messages.length > before, 'the last watcher gets a change');

    streams[4]!.close();
    await eventually(() => hub.activeWatches === 0 && hub.watcherCount === 0, 'the loop stops');
    expect(hub.watchedOperations).toBe(0);

    const cancel = await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers });
    expect(cancel.statusCode).toBe(202);
  });

  it('gives a reconnecting client (Last-Event-ID) the current state, final included', async () => {
    const user = uniqueUser();
    const headers = await authHeader(user);
    const id = await startOperation(user, { type: 'progress', steps: 3, stepMs: 500 });
    const stream = await events(id, headers);
    const seen = await stream.next(3000);
    stream.close();

    // Finishes while the client is away.
    await sleep(2500);
    const again = await events(id, { ...headers, 'last-event-id': seen.id! });
    expect(again.status).toBe(200);
    await again.closed;
    const final = operationOf(again.messages.at(-1)!);
    expect(final).toMatchObject({ status: 'completed', percentage: 100 });
    expect(final.output.message).toBe('Completed 3 steps');
    expect(final.logs.map((log) => log.message)).toEqual(['Step 1 of 3', 'Step 2 of 3', 'Step 3 of 3']);

    // A finished operation: one event, then the end.
    const late = await events(id, { ...headers, 'last-event-id': again.messages.at(-1)!.id! });
    await late.closed;
    expect(late.messages).toHaveLength(1);
    expect(operationOf(late.messages[0]!).status).toBe('completed');
  });

  it('ends open streams when the app closes', async () => {
    const other = await startTestApi({ TEMPORAL_TASK_QUEUE: api.taskQueue });
    try {
      await other.app.listen({ host: '127.0.0.1', port: 0 });
      const address = other.app.server.address();
      if (!address || typeof address === 'string') throw new Error('not listening');
      const user = uniqueUser();
      const id = await startOperation(user, { type: 'cancellable', steps: 100, stepMs: 200 });
      const stream = await openSse(
        `http://127.0.0.1:${address.port}/v1/operations/${id}/events`,
        await authHeader(user),
      );
      await stream.next(5000);
      const closing = Date.now();
      await other.close();
      await stream.closed;
      expect(Date.now() - closing).toBeLessThan(5000);
      expect(other.app.operationHub.activeWatches).toBe(0);
      await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(user) });
    } finally {
      await other.close().catch(() => {});
    }
  });
});

describe('browser sessions', () => {
  /** Opens a session with a bearer token valid for an hour: the session's own 15 minutes are then the limit. */
  async function openSession(userId: string, id: string) {
    const token = await signTestToken(userId, { expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    return api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/browser-session`,
      headers: { authorization: `Bearer ${token}` },
    });
  }

  it('issues a short-lived token for one operation as an HttpOnly, SameSite=Strict, path-scoped cookie', async () => {
    const user = uniqueUser();
    const id = await startOperation(user, { type: 'success', steps: 1, stepMs: 100 });
    const response = await openSession(user, id);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      operationId: id,
      token: expect.any(String),
      pageUrl: `/operations/${id}#token=${body.token}`,
    });
    const expiresIn = Date.parse(body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^operation_session=[\w.-]+;/);
    expect(cookie).toContain(`Path=/v1/operations/${id}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const stream = await events(id, { cookie: `operation_session=${body.token}` });
    expect(stream.status).toBe(200);
    await stream.closed;
    expect(operationOf(stream.messages.at(-1)!).status).toBe('completed');

    // The page exchanges a token from its URL fragment for the cookie.
    const exchanged = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/browser-session`,
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(exchanged.statusCode).toBe(201);
    expect(exchanged.json().token).toBe(body.token);
    // A cookie cannot renew itself.
    const renewed = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/browser-session`,
      headers: { cookie: `operation_session=${body.token}` },
    });
    expect(renewed.statusCode).toBe(401);
  });

  it('lets a token for operation A read nothing else: not B, not the list, not a new operation', async () => {
    const user = uniqueUser();
    const a = await startOperation(user, { type: 'success', steps: 1, stepMs: 100 });
    const b = await startOperation(user, { type: 'success', steps: 1, stepMs: 100 });
    const token = (await openSession(user, a)).json().token as string;
    const bearer = { authorization: `Bearer ${token}` };

    expectProblem(await events(b, { cookie: `operation_session=${token}` }), 404);
    expectProblem(await events(b, bearer), 404);
    const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
      api.app.inject({ method, url, headers: bearer, ...(payload ? { payload } : {}) });
    expect((await inject('GET', `/v1/operations/${b}`)).statusCode).toBe(401);
    expect((await inject('GET', `/v1/operations/${a}`)).statusCode).toBe(401);
    expect((await inject('GET', '/v1/operations')).statusCode).toBe(401);
    expect(
      (await inject('POST', '/v1/operations', { job: 'OperationExampleJob', params: { type: 'success' } })).statusCode,
    ).toBe(401);
    expect((await inject('POST', `/v1/operations/${b}/browser-session`)).statusCode).toBe(404);
    expect((await inject('POST', `/v1/operations/${b}/cancel`)).statusCode).toBe(404);
  });

  it("refuses a session on someone else's operation, and forged or expired session tokens", async () => {
    const owner = uniqueUser();
    const id = await startOperation(owner, { type: 'success', steps: 1, stepMs: 100 });
    expect((await openSession(uniqueUser(), id)).statusCode).toBe(404);
    expect((await openSession(owner, 'op_01J00000000000000000000000')).statusCode).toBe(404);
    // A token signed with the API secret itself is a user token, not a session: it names no operation.
    const userToken = await signTestToken(owner);
    expectProblem(await events(id, { cookie: `operation_session=${userToken}` }), 401);
    const token = (await openSession(owner, id)).json().token as string;
    const [header, payload] = token.split('.');
    expectProblem(await events(id, { cookie: `operation_session=${header}.${payload}.forged` }), 401);
    // Rightly signed for this user and operation, but past its expiry.
    const expired = await createOperationSessions(TEST_JWT_SECRET, -60)!.issue(owner, id);
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    expectProblem(await events(id, { cookie: `operation_session=${expired.token}` }), 401);
    const cancel = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/cancel`,
      headers: { cookie: `operation_session=${expired.token}`, 'x-requested-with': 'test' },
    });
    expect(cancel.statusCode, cancel.body).toBe(401);
    // The same session, freshly issued, is accepted: only the expiry made the difference.
    const fresh = await createOperationSessions(TEST_JWT_SECRET)!.issue(owner, id);
    const accepted = await events(id, { cookie: `operation_session=${fresh.token}` });
    expect(accepted.status).toBe(200);
    accepted.close();
  });

  it('cancels with the cookie only when the custom header is present', async () => {
    const user = uniqueUser();
    const id = await startOperation(user, { type: 'cancellable', steps: 100, stepMs: 200 });
    const token = (await openSession(user, id)).json().token as string;
    const url = `/v1/operations/${id}/cancel`;
    const cookie = { cookie: `operation_session=${token}` };
    const refused = await api.app.inject({ method: 'POST', url, headers: cookie });
    expect(refused.statusCode).toBe(403);
    const accepted = await api.app.inject({ method: 'POST', url, headers: { ...cookie, 'x-requested-with': 'test' } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json().id).toBe(id);

    const stream = await events(id, cookie);
    await stream.closed;
    expect(operationOf(stream.messages.at(-1)!).status).toBe('canceled');
    const again = await api.app.inject({ method: 'POST', url, headers: { ...cookie, 'x-requested-with': 'test' } });
    expect(again.statusCode).toBe(409);
  });
});
