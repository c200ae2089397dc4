import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { OperationExampleJob } from '../../jobs';
import { JSON_BODY_LIMIT_BYTES, type ApiApp } from '../../services/api/app';
import {
  MAX_ERROR_MESSAGE_CHARS,
  MAX_LOG_ENTRIES,
  MAX_LOG_MESSAGE_CHARS,
  MAX_OUTPUT_MESSAGE_CHARS,
  MAX_PARAMS_DEPTH,
} from '../../packages/client/src/contract/definitions';
import {
  authHeader,
  countUserWorkflows,
  expectNothingStartedFor,
  signTestToken,
  startTestApi,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';
import { startTestWorker, uniqueTaskQueue, type TestWorker } from '../helpers/test-worker';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';

/** Saves how many characters of params it received, whatever their shape. */
class EchoParamsJob extends OperationJob<Record<string, unknown>> {
  static override readonly params = Type.Object({}, { additionalProperties: true });
  async perform(params: Record<string, unknown>) {
    await this.saveOperationOutputMessage(`Received ${JSON.stringify(params).length} characters of params`);
  }
}

/** Writes `lines` log lines as fast as it can. */
class LogFloodJob extends OperationJob<{ lines: number }> {
  static override readonly params = Type.Object({ lines: Type.Integer({ minimum: 1, maximum: 100_000 }) });
  async perform({ lines }: { lines: number }) {
    for (let i = 1; i <= lines; i++) await this.addOperationLog(`line ${i}`);
    await this.saveOperationOutputMessage(`Wrote ${lines} lines`);
  }
}

/** Sets a percentage that JSON cannot carry (NaN, Infinity) or that is out of range. */
class BadPercentageJob extends OperationJob<{ value: number | string }> {
  static override readonly params = Type.Object({
    value: Type.Union([Type.Number(), Type.Literal('NaN'), Type.Literal('Infinity')]),
  });
  async perform({ value }: { value: number | string }) {
    await this.updateOperationPercentage(typeof value === 'number' ? value : Number(value));
    await this.saveOperationOutputMessage('Accepted the percentage');
  }
}

/** Reports a text of `chars` characters as its output message, a log line, or its error. */
class HugeTextJob extends OperationJob<{ chars: number; as: 'message' | 'log' | 'error' }> {
  static override readonly params = Type.Object({
    chars: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    as: Type.Union([Type.Literal('message'), Type.Literal('log'), Type.Literal('error')]),
  });
  async perform({ chars, as }: { chars: number; as: 'message' | 'log' | 'error' }) {
    const text = 'x'.repeat(chars);
    if (as === 'message') await this.saveOperationOutputMessage(text);
    if (as === 'log') await this.addOperationLog(text);
    if (as === 'error') throw new Error(text);
  }
}

const jobs = new JobRegistry([EchoParamsJob, LogFloodJob, BadPercentageJob, HugeTextJob, OperationExampleJob]);

let api: TestApi;
let app: ApiApp;
let client: Client;
let worker: TestWorker;
let baseUrl: string;

beforeAll(async () => {
  // Oversized payloads and failing jobs are the point here: keep the SDK's warnings about them quiet.
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch {
    // Installed already in this process.
  }
  // The app and the worker share this file's registry: the test-only jobs above exist for both.
  api = await startTestApi({ TEMPORAL_TASK_QUEUE: uniqueTaskQueue('hostile') }, jobs);
  ({ app, client } = api);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  worker = await startTestWorker({ taskQueue: api.taskQueue, jobs });
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
});

async function post(userId: string, payload: string | object, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: { ...(await authHeader(userId)), 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function read(userId: string, id: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: `/v1/operations/${id}`, headers: await authHeader(userId) });
}

async function waitForEnd(userId: string, id: string, timeoutMs = 30_000): Promise<OperationJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await read(userId, id);
    // A read that hit the Temporal call deadline on a loaded machine says so (503, Retry-After): poll again.
    if (response.statusCode === 503 && Date.now() < deadline) {
      await sleep(Number(response.headers['retry-after'] ?? 1) * 1000);
      continue;
    }
    expect(response.statusCode, response.body).toBe(200);
    const operation = response.json<OperationJson>();
    if (['completed', 'failed', 'canceled'].includes(operation.status)) return operation;
    if (Date.now() > deadline) throw new Error(`operation ${id} is still ${operation.status}`);
    await sleep(100);
  }
}

/** Runs a job through the API and answers its final state. */
async function runJob(job: string, params: object): Promise<{ userId: string; operation: OperationJson }> {
  const userId = uniqueUser('hostile');
  const created = await post(userId, { job, params });
  expect(created.statusCode, created.body).toBe(201);
  return { userId, operation: await waitForEnd(userId, created.json<OperationJson>().id) };
}

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, title: expect.any(String) });
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+/);
}

/** A JSON body of exactly `bytes` bytes for EchoParamsJob. */
function bodyOfSize(bytes: number): string {
  const empty = JSON.stringify({ job: 'EchoParamsJob', params: { blob: '' } });
  return JSON.stringify({ job: 'EchoParamsJob', params: { blob: 'x'.repeat(bytes - empty.length) } });
}

function nested(depth: number, leaf: unknown, wrap: (inner: string) => string): string {
  let json = JSON.stringify(leaf);
  for (let i = 0; i < depth; i++) json = wrap(json);
  return json;
}

async function historyOf(id: string) {
  const history = await client.workflow.getHandle(id).fetchHistory();
  return {
    events: history.events?.length ?? 0,
    bytes: proto.temporal.api.history.v1.History.encode(history).finish().length,
  };
}

describe('oversized and deeply nested params', () => {
  it('accepts a body just under 1 MiB and runs it with its params intact', async () => {
    const userId = uniqueUser('big');
    const body = bodyOfSize(JSON_BODY_LIMIT_BYTES - 16);
    const created = await post(userId, body);
    expect(created.statusCode, created.body.slice(0, 500)).toBe(201);
    const operation = await waitForEnd(userId, created.json<OperationJson>().id);
    expect(operation.status).toBe('completed');
    const params = JSON.stringify((JSON.parse(body) as { params: unknown }).params);
    expect(operation.output.message).toBe(`Received ${params.length} characters of params`);
  });

  it('answers 413 to a body just over 1 MiB and starts nothing', async () => {
    const userId = uniqueUser('too-big');
    expectProblem(await post(userId, bodyOfSize(JSON_BODY_LIMIT_BYTES + 1)), 413);
    await expectNothingStartedFor(client, userId);
  });

  it('accepts params nested exactly MAX_PARAMS_DEPTH (64) levels and refuses 65 with 422', async () => {
    const userId = uniqueUser('depth-limit');
    // The params object is level 1, so `deep` holds 63 more levels at the limit.
    const atLimit = await post(
      userId,
      `{"job":"EchoParamsJob","params":{"deep":${nested(MAX_PARAMS_DEPTH - 2, {}, (inner) => `{"a":${inner}}`)}}}`,
    );
    expect(atLimit.statusCode, atLimit.body.slice(0, 500)).toBe(201);
    expect((await waitForEnd(userId, atLimit.json<OperationJson>().id)).status).toBe('completed');
    for (const wrap of [(inner: string) => `{"a":${inner}}`, (inner: string) => `[${inner}]`]) {
      const over = await post(
        userId,
        `{"job":"EchoParamsJob","params":{"deep":${nested(MAX_PARAMS_DEPTH - 1, {}, wrap)}}}`,
      );
      expectProblem(over, 422);
      expect(over.json()).toMatchObject({
        errors: [{ path: '/params', message: `must not be nested deeper than ${MAX_PARAMS_DEPTH} levels` }],
      });
    }
  });

  const depth = 10_000;
  it.each([
    ['objects', nested(depth, 1, (inner) => `{"a":${inner}}`)],
    ['arrays', nested(depth, 1, (inner) => `[${inner}]`)],
  ])('answers 422 to params nested %s 10,000 levels deep, and stays whole', async (_shape, value) => {
    const userId = uniqueUser('deep');
    for (const job of ['EchoParamsJob', 'OperationExampleJob']) {
      const response = await post(userId, `{"job":"${job}","params":{"deep":${value}}}`);
      expectProblem(response, 422);
      expect(response.json()).toMatchObject({
        errors: [{ path: '/params', message: `must not be nested deeper than ${MAX_PARAMS_DEPTH} levels` }],
      });
    }
    await expectNothingStartedFor(client, userId);
    // The server is still whole.
    const after = await post(userId, { job: 'EchoParamsJob', params: { small: true } });
    expect(after.statusCode, after.body).toBe(201);
  });
});

describe('jobs that report hostile values', () => {
  it('keeps the newest MAX_LOG_ENTRIES of 10,000 log lines, and a short history', async () => {
    const { operation } = await runJob('LogFloodJob', { lines: 10_000 });
    expect(operation.status).toBe('completed');
    expect(operation.logs).toHaveLength(MAX_LOG_ENTRIES);
    expect(operation.logs[0]!.message).toBe(`line ${10_000 - MAX_LOG_ENTRIES + 1}`);
    expect(operation.logs.at(-1)!.message).toBe('line 10000');
    const history = await historyOf(operation.id);
    // One event per state change, not per log line; the final record holds 200 short lines.
    expect(history.events).toBeLessThan(30);
    expect(history.bytes).toBeLessThan(100_000);
  });

  it.each([
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    [-1, '-1'],
    [101, '101'],
    [100.5, '100.5'],
  ])('fails the operation with a clear message for percentage %s', async (value, shown) => {
    const { operation } = await runJob('BadPercentageJob', { value });
    expect(operation.status).toBe('failed');
    expect(operation.error?.message).toBe(`Operation percentage must be a number from 0 to 100, got ${shown}`);
    expect(operation.percentage).toBeNull();
  });

  it('truncates a 1,000,000-character output message to MAX_OUTPUT_MESSAGE_CHARS', async () => {
    const { operation } = await runJob('HugeTextJob', { chars: 1_000_000, as: 'message' });
    expect(operation.status).toBe('completed');
    expect(operation.output.message).toHaveLength(MAX_OUTPUT_MESSAGE_CHARS);
    expect(operation.output.message!.endsWith('…')).toBe(true);
  });

  it('truncates a 1,000,000-character log line to MAX_LOG_MESSAGE_CHARS', async () => {
    const { operation } = await runJob('HugeTextJob', { chars: 1_000_000, as: 'log' });
    expect(operation.status).toBe('completed');
    expect(operation.logs).toHaveLength(1);
    expect(operation.logs[0]!.message).toHaveLength(MAX_LOG_MESSAGE_CHARS);
  });

  it('fails with a bounded error message when the job throws a 1,000,000-character error', async () => {
    const { operation } = await runJob('HugeTextJob', { chars: 1_000_000, as: 'error' });
    expect(operation.status).toBe('failed');
    expect(operation.error?.message.startsWith('xxxx')).toBe(true);
    expect(operation.error!.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
  });
});

describe('a client that sends headers, then trickles its body (slow loris)', () => {
  it('has its connection cut off by the request timeout', async () => {
    const server = app.server;
    // Fastify's default is 0, no limit: such a client would hold its connection forever.
    expect(server.requestTimeout, 'the API sets no requestTimeout').toBeGreaterThan(0);
    expect(server.requestTimeout).toBeLessThanOrEqual(10 * 60_000);
    // An idle timeout too, longer than the event streams' 15 s heartbeat.
    expect(server.timeout).toBeGreaterThan(15_000);

    // The same mechanism at a short timeout, so the test is quick: Node checks incomplete
    // requests every connectionsCheckingInterval (30 s by default), then answers 408 and closes.
    // headersTimeout too: Node swaps the two when headersTimeout is the larger.
    const configured = { request: server.requestTimeout, headers: server.headersTimeout };
    server.requestTimeout = 1000;
    server.headersTimeout = 1000;
    const bound = server.requestTimeout + 30_000 + 5000;
    const token = await signTestToken(uniqueUser('loris'));
    try {
      // A JSON body and a multipart upload, trickled at the same time.
      const answers = await Promise.all([
        trickle(`Content-Type: application/json\r\nAuthorization: Bearer ${token}`, '{"job":', bound),
        trickle(
          `Content-Type: multipart/form-data; boundary=b\r\nAuthorization: Bearer ${token}`,
          '--b\r\nContent-Disposition: form-data; name="job"\r\n\r\nOperationExampleJob\r\n--b\r\n',
          bound,
        ),
      ]);
      // The JSON body cannot be parsed before it is whole: the timeout answers it, as a problem.
      expect(answers[0]!.received).toMatch(/^HTTP\/1\.1 408 [^]*application\/problem\+json/);
      for (const answer of answers) {
        expect(answer.closedAfterMs, `the connection was still open after ${bound} ms`).toBeLessThan(bound);
        expect(answer.received).toMatch(/^HTTP\/1\.1 4\d\d /);
      }
    } finally {
      server.requestTimeout = configured.request;
      server.headersTimeout = configured.headers;
    }
  }, 60_000);

  /** Sends a request head and the start of a body, then one byte every half second: never idle, never done. */
  async function trickle(headers: string, start: string, bound: number) {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {});
    const began = Date.now();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /v1/operations HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\nContent-Length: 100000\r\n\r\n${start}`,
    );
    const timer = setInterval(() => socket.write(' '), 500);
    try {
      await Promise.race([closed, sleep(bound)]);
      return { closedAfterMs: Date.now() - began, received };
    } finally {
      clearInterval(timer);
      socket.destroy();
    }
  }
});

describe('50 concurrent retries with the same idempotency key', () => {
  it('start exactly one workflow; every answer names it; 201 once and 200 for the rest', async () => {
    const userId = uniqueUser('retries');
    const token = await signTestToken(userId);
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await fetch(`${baseUrl}/v1/operations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'same' },
          body: JSON.stringify({ job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 10 } }),
        });
        return { status: response.status, body: (await response.json()) as { id: string } };
      }),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    const odd = answers.filter((answer) => answer.status >= 300);
    expect(statuses, JSON.stringify(odd)).toEqual([...Array<number>(49).fill(200), 201]);
    const ids = new Set(answers.map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect((await waitForEnd(userId, id!)).status).toBe('completed');
    // Visibility catches up within a moment; then there is exactly one.
    const deadline = Date.now() + 10_000;
    while ((await countUserWorkflows(client, userId)) === 0 && Date.now() < deadline) await sleep(100);
    expect(await countUserWorkflows(client, userId)).toBe(1);
  });
});

describe('a valid token for a user with no operations (e.g. a deleted user)', () => {
  it('lists nothing, and sees every operation id as missing, the same way', async () => {
    const { userId: owner, operation } = await runJob('OperationExampleJob', { type: 'success', steps: 1, stepMs: 1 });
    expect(operation.status).toBe('completed');
    const ghost = await authHeader(uniqueUser('deleted'));

    for (const query of ['', '?status=completed', '?job=OperationExampleJob', '?pageSize=100']) {
      const list = await app.inject({ method: 'GET', url: `/v1/operations${query}`, headers: ghost });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ operations: [], nextPageToken: null });
    }
    const unknownId = 'op_00000000000000000000000000';
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/events'],
      ['GET', '/output-file'],
      ['GET', '/input-file'],
      ['POST', '/cancel'],
      ['POST', '/browser-session'],
    ] as const) {
      const theirs = await app.inject({ method, url: `/v1/operations/${operation.id}${path}`, headers: ghost });
      const nobodys = await app.inject({ method, url: `/v1/operations/${unknownId}${path}`, headers: ghost });
      expectProblem(theirs, 404);
      // Nothing tells an existing operation of someone else from one that does not exist.
      expect(theirs.json()).toEqual(
        JSON.parse(nobodys.body.replaceAll(unknownId, operation.id)) as Record<string, unknown>,
      );
    }
    // And the owner still sees it, unchanged.
    expect((await read(owner, operation.id)).json()).toEqual(operation);
  });
});
