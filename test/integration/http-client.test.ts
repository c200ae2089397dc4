import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOperationsHttpClient,
  OperationsHttpError,
  type OperationsHttpClient,
} from '@temporal-operations/client/http';
import { signTestToken, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;
let baseUrl: string;

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

/** A client acting for `userId`, asking for a fresh token before every request as a service would. */
function clientFor(userId: string): OperationsHttpClient {
  return createOperationsHttpClient({ baseUrl, token: () => signTestToken(userId) });
}

describe('@temporal-operations/client/http', () => {
  it('starts an operation, watches every change to its final state, and reads it back', async () => {
    const client = clientFor(uniqueUser());
    const { jobs } = await client.listJobs();
    expect(jobs.map((job) => job.name)).toContain('OperationExampleJob');

    const started = await client.startOperation({
      job: 'OperationExampleJob',
      params: { type: 'progress', steps: 3, stepMs: 100 },
    });
    expect(started.status).toBe('created');
    const seen: string[] = [];
    for await (const operation of client.watchOperation(started.id)) seen.push(operation.status);
    expect(seen.at(-1)).toBe('completed');
    expect(seen).toContain('running');

    const read = await client.readOperation(started.id);
    expect(read).toMatchObject({ id: started.id, status: 'completed', percentage: 100 });
    // Visibility is eventually consistent: the list shows it within a few seconds.
    await expect
      .poll(async () => (await client.listOperations({ status: 'completed' })).operations.map((op) => op.id), {
        timeout: 10_000,
      })
      .toContain(started.id);
  });

  it('cancels a running operation and waits for its end', async () => {
    const client = clientFor(uniqueUser());
    const started = await client.startOperation({ job: 'OperationExampleJob', params: { type: 'cancellable' } });
    const accepted = await client.cancelOperation(started.id);
    expect(accepted.id).toBe(started.id);
    const final = await client.waitForOperation(started.id);
    expect(final.status).toBe('canceled');
  });

  it('finds the first operation again with the same idempotency key', async () => {
    const client = clientFor(uniqueUser());
    const request = { job: 'OperationExampleJob', params: { type: 'success' } };
    const first = await client.startOperation(request, { idempotencyKey: 'report-2026-12' });
    const again = await client.startOperation(request, { idempotencyKey: 'report-2026-12' });
    expect(again.id).toBe(first.id);
  });

  it('throws OperationsHttpError with the problem: 422 with its fields, 404 for another user’s operation', async () => {
    const alice = clientFor(uniqueUser('alice'));
    const invalid = await alice
      .startOperation({ job: 'OperationExampleJob', params: { type: 'nonsense' } })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OperationsHttpError);
    expect((invalid as OperationsHttpError).status).toBe(422);
    expect((invalid as OperationsHttpError).problem?.errors?.[0]?.path).toBe('/params/type');

    const own = await alice.startOperation({ job: 'OperationExampleJob', params: { type: 'success' } });
    const bob = clientFor(uniqueUser('bob'));
    const foreign = await bob.readOperation(own.id).catch((error: unknown) => error);
    expect((foreign as OperationsHttpError).status).toBe(404);
    const watched = await bob
      .watchOperation(own.id)
      .next()
      .catch((error: unknown) => error);
    expect((watched as OperationsHttpError).status).toBe(404);
  });
});
