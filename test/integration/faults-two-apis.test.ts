import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { signTestToken, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { openSse } from '../helpers/sse-client';
import { testServices } from '../helpers/test-services';
import { startTestWorker, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';

let worker: TestWorker;
let first: ApiProcess | undefined;
let second: ApiProcess | undefined;

beforeAll(async () => {
  worker = await startTestWorker({ taskQueue: uniqueTaskQueue('two-apis') });
  // Two processes: nothing is shared but Temporal, the object store and the JWT secret.
  const options = { services: testServices(), taskQueue: worker.taskQueue, jwtSecret: TEST_JWT_SECRET };
  [first, second] = await Promise.all([
    startApiProcess({ ...options, port: await freePort() }),
    startApiProcess({ ...options, port: await freePort() }),
  ]);
});

afterAll(async () => {
  await Promise.all([first?.stop('SIGKILL'), second?.stop('SIGKILL')]);
  await worker?.stop();
});

describe('two API processes with no shared memory', () => {
  it('read, stream and cancel on one an operation started on the other', async () => {
    const a = first!;
    const b = second!;
    const userId = uniqueUser('two-apis');
    const token = await signTestToken(userId, { expiresAt: Math.floor(Date.now() / 1000) + 600 });
    const params = { type: 'cancellable', steps: 100, stepMs: 200 };

    const created = await apiRequest<OperationJson>(`${a.url}/v1/operations`, {
      method: 'POST',
      token,
      headers: { 'idempotency-key': 'two-apis' },
      body: { job: 'OperationExampleJob', params },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;

    const read = await apiRequest<OperationJson>(`${b.url}/v1/operations/${id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, userId });

    // The same idempotency key on the other process finds the same operation.
    const replay = await apiRequest<OperationJson>(`${b.url}/v1/operations`, {
      method: 'POST',
      token,
      headers: { 'idempotency-key': 'two-apis' },
      body: { job: 'OperationExampleJob', params },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(id);

    // A browser session issued by one process opens the stream on the other (the key derives from the shared secret).
    const session = await apiRequest<{ token: string }>(`${a.url}/v1/operations/${id}/browser-session`, {
      method: 'POST',
      token,
    });
    expect(session.status).toBe(201);
    const stream = await openSse(`${b.url}/v1/operations/${id}/events`, {
      cookie: `operation_session=${session.body.token}`,
    });
    expect(stream.status, stream.body).toBe(200);
    let event = JSON.parse((await stream.next(15_000)).data) as OperationJson;
    while (!(event.status === 'running' && (event.percentage ?? 0) > 0)) {
      event = JSON.parse((await stream.next(15_000)).data) as OperationJson;
    }

    const cancel = await apiRequest<OperationJson>(`${b.url}/v1/operations/${id}/cancel`, { method: 'POST', token });
    expect(cancel.status).toBe(202);
    expect(cancel.body.id).toBe(id);

    let final = event;
    while (final.status === 'running' || final.status === 'created') {
      final = JSON.parse((await stream.next(15_000)).data) as OperationJson;
    }
    expect(final.status).toBe('canceled');
    await stream.closed;
    expect(stream.ended).toBe(true);

    const onFirst = await apiRequest<OperationJson>(`${a.url}/v1/operations/${id}`, { token });
    expect(onFirst.body).toEqual(final);
    const cancelAgain = await apiRequest(`${a.url}/v1/operations/${id}/cancel`, { method: 'POST', token });
    expect(cancelAgain.status).toBe(409);
    const list = await apiRequest<{ operations: { id: string; status: string }[] }>(`${a.url}/v1/operations`, {
      token,
    });
    expect(list.body.operations.map((operation) => operation.id)).toEqual([id]);
  });
});
