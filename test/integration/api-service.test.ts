import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { jobRegistry } from '../../jobs';
import { buildApp } from '../../services/api/app';
import { loadApiConfig } from '../../services/api/config';
import { freePort } from '../../dev/ports';
import { apiRequest, startApiProcess } from '../helpers/api-process';
import {
  authHeader,
  signTestToken,
  startTestApi,
  TEST_JWT_SECRET,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';
import { uniqueTaskQueue } from '../helpers/test-worker';
import { testServices } from '../helpers/test-services';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('GET /healthz and /readyz', () => {
  it('are ok when Temporal and the object store answer', async () => {
    expect((await api.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await api.app.inject({ url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { temporal: 'ok', objectStore: 'ok' } });
  });
});

describe('when Temporal and the object store are down', () => {
  let down: Awaited<ReturnType<typeof buildApp>>;
  let connection: Connection;

  beforeAll(async () => {
    const services = testServices();
    const [temporalPort, s3Port] = [await closedPort(), await closedPort()];
    const config = loadApiConfig({
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_CALL_TIMEOUT_MS: '1000',
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_ACCESS_KEY: services.s3.accessKey,
      S3_SECRET_KEY: services.s3.secretKey,
      LOG_LEVEL: 'silent',
    });
    connection = Connection.lazy(config.temporal.connectionOptions);
    const client = new Client({ connection });
    const objectStore = createObjectStore({ ...services.s3, endpoint: config.S3_ENDPOINT });
    down = await buildApp({ config, temporal: { client, connection }, objectStore, jobs: jobRegistry });
  });

  afterAll(async () => {
    await down?.close();
    await connection?.close();
  });

  it('readyz answers 503 naming both, within a few seconds', async () => {
    const started = Date.now();
    const ready = await down.inject({ url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({ status: 503, checks: { temporal: 'failed', objectStore: 'failed' } });
    expect(ready.json().detail).toMatch(/temporal.*objectStore/);
  });

  it('operation routes answer 503, not 500, within the call deadline', async () => {
    const headers = await authHeader(uniqueUser());
    for (const request of [
      { method: 'GET' as const, url: '/v1/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0' },
      { method: 'GET' as const, url: '/v1/operations' },
      {
        method: 'POST' as const,
        url: '/v1/operations',
        payload: { job: 'OperationExampleJob', params: { type: 'success' } },
      },
      { method: 'POST' as const, url: '/v1/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/cancel' },
    ]) {
      const started = Date.now();
      const response = await down.inject({ ...request, headers });
      expect(Date.now() - started, request.url).toBeLessThan(5000);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
    }
  });
});

describe('GET /openapi.json and /docs', () => {
  it('documents every v1 route, with bearer security except on public routes', async () => {
    const response = await api.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/operations',
        '/v1/operations/{id}',
        '/v1/operations/{id}/cancel',
        '/v1/jobs',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/healthz'].get.security).toEqual([]);
    expect(document.paths['/v1/operations'].get.security).toBeUndefined();
    const create = document.paths['/v1/operations'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('job');
    expect(create.responses['422'].content['application/problem+json']).toBeDefined();
    const list = document.paths['/v1/operations'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['status', 'job', 'pageSize', 'pageToken']),
    );
  });

  it('serves the browser UI', async () => {
    const response = await api.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(response.statusCode);
    const page = response.statusCode === 302 ? await api.app.inject({ url: response.headers.location }) : response;
    expect(page.body).toMatch(/swagger/i);
  });
});

describe('GET /v1/jobs', () => {
  it("lists the registered jobs with their params' JSON Schema", async () => {
    const response = await api.app.inject({ url: '/v1/jobs', headers: await authHeader(uniqueUser()) });
    expect(response.statusCode).toBe(200);
    const jobs = response.json().jobs as { name: string; description: string; paramsSchema: Record<string, unknown> }[];
    expect(jobs.map((job) => job.name)).toEqual(expect.arrayContaining(['OperationExampleJob', 'ExportProductsJob']));
    const example = jobs.find((job) => job.name === 'OperationExampleJob');
    expect(example?.paramsSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['type']) });
    expect(example?.description).not.toBe('');
  });
});

describe('metrics', () => {
  it('counts requests by route and operations started by job', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(uniqueUser()),
      payload: { job: 'OperationExampleJob', params: { type: 'success' } },
    });
    expect(created.statusCode).toBe(201);
    await api.client.workflow.getHandle(created.json().id).terminate('test done');
    const metrics = await api.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/operations_started_total\{job="OperationExampleJob"\} 1/);
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{route="\/v1\/operations",method="POST",status_code="201"\} 1/,
    );
  });

  it('moves to its own listener when METRICS_PORT is set: the API process serves it there', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const api = await startApiProcess({
      port,
      services: testServices(),
      taskQueue: uniqueTaskQueue('metrics-port'),
      jwtSecret: TEST_JWT_SECRET,
      env: { METRICS_PORT: String(metricsPort) },
    });
    try {
      const user = uniqueUser();
      const listed = await apiRequest(`${api.url}/v1/operations`, { token: await signTestToken(user) });
      expect(listed.status).toBe(200);
      expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(response.status, api.tail()).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      // The API process's own registry: it counted the request just made on the API port.
      expect(await response.text()).toMatch(
        /http_request_duration_seconds_count\{route="\/v1\/operations",method="GET",status_code="200"\} 1/,
      );
      expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    } finally {
      await api.stop();
    }
  });
});
