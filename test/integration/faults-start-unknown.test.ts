import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRegistry } from '../../jobs';
import { buildApp, type ApiApp } from '../../services/api/app';
import { loadApiConfig } from '../../services/api/config';
import { serviceEnvironment } from '../../dev/service-environment';
import type { OperationRecord } from '../../packages/client/src/contract/definitions';
import { authHeader, TEST_JWT_SECRET, uniqueUser } from '../helpers/api-test-app';
import { startHoldingProxy, type HoldingProxy } from '../helpers/holding-proxy';
import { postForm } from '../helpers/multipart-form';
import { storedKeys } from '../helpers/stored-objects';
import { testServices } from '../helpers/test-services';
import { testClient, testObjectStore, uniqueTaskQueue } from '../helpers/test-worker';

// The API reaches Temporal through a proxy that can hold Temporal's answers back.
let proxy: HoldingProxy;
let app: ApiApp;
let apiConnection: Connection;
let client: Client;
let baseUrl: string;
const objectStore = testObjectStore();

beforeAll(async () => {
  const services = testServices();
  proxy = await startHoldingProxy(services.temporalAddress);
  client = await testClient();
  const config = loadApiConfig({
    ...serviceEnvironment(services),
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    TEMPORAL_ADDRESS: proxy.address,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('no-worker'),
    TEMPORAL_CALL_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'silent',
  });
  apiConnection = await Connection.connect({ address: proxy.address });
  const apiClient = new Client({ connection: apiConnection, namespace: services.namespace });
  app = await buildApp({
    config,
    temporal: { client: apiClient, connection: apiConnection },
    objectStore,
    jobs: jobRegistry,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  proxy?.release();
  await app?.close();
  await apiConnection?.close();
  await client?.connection.close();
  await proxy?.close();
});

async function postInputFileJob(userId: string) {
  return postForm(
    `${baseUrl}/v1/operations`,
    [
      { name: 'job', value: 'OperationExampleJob' },
      { name: 'params', value: JSON.stringify({ type: 'input_file' }) },
      { name: 'file', filename: 'notes.txt', contentType: 'text/plain', body: Buffer.from('one\ntwo\n') },
    ],
    { headers: await authHeader(userId) },
  );
}

describe('a create with an input file whose start times out (outcome unknown)', () => {
  it('keeps the stored file when the workflow did start, so the operation can read it', async () => {
    const userId = uniqueUser('unknown-start');
    const before = new Set(await storedKeys(objectStore));
    proxy.hold();
    let response;
    try {
      response = await postInputFileJob(userId);
    } finally {
      proxy.release();
    }
    // The API cannot tell whether the start happened: a retryable 503, never a 500.
    expect(response.status, response.body.toString()).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);

    // Temporal did start it (the request reached the server; only the answer was lost)...
    const started = await waitForStart(userId);
    expect(started).toHaveLength(1);
    const workflowId = started[0]!;
    const input = (await client.workflow.getHandle(workflowId).fetchHistory()).events?.[0]
      ?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const record = client.options.loadedDataConverter.payloadConverter.fromPayload(input!) as OperationRecord;
    expect(record.inputFile).toMatchObject({ name: 'notes.txt', size: 8 });

    // ...so its input file must still be in the store.
    const added = (await storedKeys(objectStore)).filter((key) => !before.has(key));
    expect(added).toEqual([record.inputFile!.key]);

    await client.workflow.getHandle(workflowId).terminate('test done');
    await objectStore.client.removeObject(objectStore.bucket, record.inputFile!.key);
  });

  it('answers 201 with the operation when Temporal, reachable again, shows it started with this file', async () => {
    const userId = uniqueUser('late-answer');
    // The start's answer is lost; the API's next call (after the 1.5 s deadline) gets through.
    proxy.holdUntilNextRequest(1000);
    let response;
    try {
      response = await postInputFileJob(userId);
    } finally {
      proxy.release();
    }
    expect(response.status, response.body.toString()).toBe(201);
    const operation = response.json<{ id: string; inputFile: { name: string } | null }>();
    expect(operation.inputFile).toMatchObject({ name: 'notes.txt' });
    const input = (await client.workflow.getHandle(operation.id).fetchHistory()).events?.[0]
      ?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const record = client.options.loadedDataConverter.payloadConverter.fromPayload(input!) as OperationRecord;
    expect(await storedKeys(objectStore, `operations/${operation.id}/`)).toEqual([record.inputFile!.key]);
    await client.workflow.getHandle(operation.id).terminate('test done');
    await objectStore.client.removeObject(objectStore.bucket, record.inputFile!.key);
  });
});

/** The ids of the user's workflows, once visibility lists one (within 5 s). */
async function waitForStart(userId: string): Promise<string[]> {
  const until = Date.now() + 5000;
  for (;;) {
    const ids: string[] = [];
    for await (const workflow of client.workflow.list({ query: `userId = "${userId}"` })) ids.push(workflow.workflowId);
    if (ids.length > 0 || Date.now() > until) return ids;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
