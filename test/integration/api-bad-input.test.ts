import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeader,
  countUserWorkflows,
  expectNothingStartedFor,
  signTestToken,
  startTestApi,
  TEST_JWT_SECRET,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

/** Asserts an RFC 9457 answer with this status and returns its body. */
function expectProblem(response: LightMyRequestResponse, status: number, what = '') {
  expect(response.statusCode, `${what} ${response.body}`).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(body.detail).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return body as { errors?: { path?: string; name?: string; message: string }[] };
}

/** Nothing a test sent may have started a workflow (checked behind a visibility marker). */
async function expectNoWorkflowFor(userId: string) {
  await expectNothingStartedFor(api.client, userId);
}

/**
 * Whether the errors name a field: by its pointer, or (for a missing property, which Ajv
 * reports on the parent object) by the parent's pointer and the property's name in the message.
 */
function namesField(errors: { path?: string; message: string }[], pointer: string): boolean {
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  const property = pointer.slice(pointer.lastIndexOf('/') + 1);
  return errors.some(
    (error) => error.path === pointer || (error.path === parent && error.message.includes(`'${property}'`)),
  );
}

const validBody = { job: 'OperationExampleJob', params: { type: 'success' } };

async function post(userId: string, payload: string | Buffer, contentType?: string) {
  return api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: { ...(await authHeader(userId)), ...(contentType ? { 'content-type': contentType } : {}) },
    payload,
  });
}

describe('POST /v1/operations with a bad body', () => {
  it('answers 400 to malformed JSON, an empty body, a non-object, and misshapen fields', async () => {
    const user = uniqueUser('malformed');
    for (const payload of ['{"job": "OperationExampleJob",', '{job: 1}', 'nul', '[]', '"text"', '42', 'null', '']) {
      expectProblem(await post(user, payload, 'application/json'), 400);
    }
    const cases: [unknown, string][] = [
      [{}, '/job'],
      [{ job: 42 }, '/job'],
      [{ job: '' }, '/job'],
      [{ job: 'x'.repeat(201) }, '/job'],
      [{ job: 'OperationExampleJob', params: [] }, '/params'],
      [{ job: 'OperationExampleJob', params: 'type=success' }, '/params'],
      [{ job: 'OperationExampleJob', params: null }, '/params'],
      [{ ...validBody, idempotencyKey: 'has spaces' }, '/idempotencyKey'],
      [{ ...validBody, idempotencyKey: '' }, '/idempotencyKey'],
      [{ ...validBody, idempotencyKey: 'k'.repeat(201) }, '/idempotencyKey'],
      [{ ...validBody, surprise: true }, '/surprise'],
    ];
    for (const [body, path] of cases) {
      const problem = expectProblem(await post(user, JSON.stringify(body), 'application/json'), 400);
      expect(problem.errors?.map((error) => error.path)).toContain(path);
    }
    await expectNoWorkflowFor(user);
  });

  it('answers 400 to a POST with no body at all, and to a bad or conflicting Idempotency-Key header', async () => {
    const user = uniqueUser('nobody');
    const headers = await authHeader(user);
    expectProblem(await api.app.inject({ method: 'POST', url: '/v1/operations', headers }), 400);
    const badHeader = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...headers, 'idempotency-key': 'not valid!' },
      payload: validBody,
    });
    expect(expectProblem(badHeader, 400).errors?.map((error) => error.name)).toContain('idempotency-key');
    const conflicting = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...headers, 'idempotency-key': 'key-a' },
      payload: { ...validBody, idempotencyKey: 'key-b' },
    });
    expectProblem(conflicting, 400);
    await expectNoWorkflowFor(user);
  });

  it('answers 415 to other content types', async () => {
    const user = uniqueUser('media');
    const json = JSON.stringify(validBody);
    for (const contentType of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'application/vnd.api+json',
    ]) {
      expectProblem(await post(user, json, contentType), 415);
    }
    // A body with no content type at all.
    const bare = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...(await authHeader(user)), 'content-length': String(json.length) },
      payload: Buffer.from(json),
    });
    expect([400, 415]).toContain(bare.statusCode);
    expectProblem(bare, bare.statusCode);
    await expectNoWorkflowFor(user);
  });

  it('answers 413 to a JSON body over 1 MiB', async () => {
    const user = uniqueUser('large');
    const big = JSON.stringify({ ...validBody, params: { type: 'success', padding: 'x'.repeat(1024 * 1024) } });
    expectProblem(await post(user, big, 'application/json'), 413);
    await expectNoWorkflowFor(user);
  });

  it('answers 422 with the failing fields to an unknown job and to missing or wrong params', async () => {
    const user = uniqueUser('params');
    const cases: [unknown, string[]][] = [
      [{ job: 'NoSuchJob', params: {} }, ['/job']],
      [{ job: 'operationexamplejob' }, ['/job']],
      [{ job: 'OperationExampleJob' }, ['/params/type']],
      [{ job: 'OperationExampleJob', params: {} }, ['/params/type']],
      [{ job: 'OperationExampleJob', params: { type: 'nope' } }, ['/params/type']],
      [
        { job: 'OperationExampleJob', params: { type: 'progress', steps: 0, stepMs: 'fast' } },
        ['/params/steps', '/params/stepMs'],
      ],
      [{ job: 'OperationExampleJob', params: { type: 'progress', unknownField: 1 } }, []],
      [{ job: 'ExportProductsJob', params: { productIds: [] } }, ['/params/productIds']],
      [{ job: 'ExportProductsJob', params: { productIds: ['1', 2] } }, ['/params/productIds/0']],
    ];
    for (const [body, paths] of cases) {
      const problem = expectProblem(await post(user, JSON.stringify(body), 'application/json'), 422);
      expect(problem.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
      for (const path of paths) expect(namesField(problem.errors ?? [], path), JSON.stringify(problem)).toBe(true);
    }
    await expectNoWorkflowFor(user);
  });
});

describe('GET /v1/operations with a bad query', () => {
  it('answers 400 to a pageSize out of range, a bad status, an unknown job and a bad pageToken', async () => {
    const user = uniqueUser('query');
    const headers = await authHeader(user);
    const cases: [string, string][] = [
      ['pageSize=0', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['pageSize=-5', 'pageSize'],
      ['pageSize=2.5', 'pageSize'],
      ['pageSize=lots', 'pageSize'],
      ['pageSize=1&pageSize=2', 'pageSize'],
      ['status=done', 'status'],
      ['status=RUNNING', 'status'],
      ['job=NoSuchJob', 'job'],
      ['pageToken=', 'pageToken'],
      [`pageToken=${'A'.repeat(2049)}`, 'pageToken'],
      ['pageToken=not%20base64!', 'pageToken'],
      ['pageToken=AAAAAAAAAAAAAAAA', 'pageToken'],
      ['pageToken=%22%20OR%20userId%3D%22bob', 'pageToken'],
    ];
    for (const [query, name] of cases) {
      const response = await api.app.inject({ method: 'GET', url: `/v1/operations?${query}`, headers });
      const problem = expectProblem(response, 400, query);
      expect(
        problem.errors?.map((error) => error.name),
        query,
      ).toContain(name);
    }
    await expectNoWorkflowFor(user);
  });
});

describe('operation routes with a bad id', () => {
  const badIds = [
    'op_' + '0'.repeat(300),
    'op_01J' + 'A'.repeat(100),
    'a%2Fb',
    'op_01JABCDEFGHJKMNPQRSTVWXYZ0%2F',
    '..',
    '%2E%2E',
    '..%2F..%2Fhealthz',
    '%22op_01JABCDEFGHJKMNPQRSTVWXYZ0%22',
    "op_'",
    'op_%E2%9C%93%E2%9C%93',
    'op_01jabcdefghjkmnpqrstvwxyz0',
    'op_01JABCDEFGHJKMNPQRSTVWXYZI',
    '%00',
    '',
  ];

  it('answers 404 (or 400), never 500, and starts nothing', async () => {
    const user = uniqueUser('ids');
    const headers = await authHeader(user);
    for (const id of badIds) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['POST', '/cancel'],
      ] as const) {
        const response = await api.app.inject({ method, url: `/v1/operations/${id}${suffix}`, headers });
        expect([400, 404], `${method} ${id}${suffix}: ${response.body}`).toContain(response.statusCode);
        expectProblem(response, response.statusCode);
      }
    }
    await expectNoWorkflowFor(user);
  });

  it('answers a well-formed id that does not exist with the same 404 as a malformed one', async () => {
    const headers = await authHeader(uniqueUser('missing'));
    const missing = await api.app.inject({ url: '/v1/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0', headers });
    const malformed = await api.app.inject({ url: '/v1/operations/op_nope', headers });
    expectProblem(missing, 404);
    expect(missing.json()).toEqual(malformed.json());
  });
});

describe('bad tokens', () => {
  it('answers 401 to alg none, a wrong signature, an expired token, no sub, a wrong algorithm or no header, and starts nothing', async () => {
    const user = uniqueUser('tokens');
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = await generateKeyPair('RS256');
    const tokens = [
      new UnsecuredJWT({ sub: user }).setExpirationTime(now + 60).encode(),
      await signTestToken(user, { secret: 'another-secret-of-at-least-32-characters!' }),
      await signTestToken(user, { expiresAt: now - 3600 }),
      await signTestToken(undefined),
      await signTestToken(user, { expiresAt: null }),
      await new SignJWT({ sub: user })
        .setProtectedHeader({ alg: 'RS256' })
        .setExpirationTime(now + 60)
        .sign(privateKey),
      await new SignJWT({ sub: user })
        .setProtectedHeader({ alg: 'HS512' })
        .setExpirationTime(now + 60)
        .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
      'not.a.jwt',
    ];
    const authorizations = [...tokens.map((token) => `Bearer ${token}`), `Basic ${btoa(`${user}:x`)}`, 'Bearer'];
    for (const authorization of [...authorizations, undefined]) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/operations',
        headers: authorization ? { authorization } : {},
        payload: validBody,
      });
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    await expectNoWorkflowFor(user);
  });
});

describe('the counting used above', () => {
  it('sees a workflow that a valid request starts', async () => {
    const user = uniqueUser('control');
    const response = await post(user, JSON.stringify(validBody), 'application/json');
    expect(response.statusCode, response.body).toBe(201);
    let count = 0;
    for (let attempt = 0; attempt < 50 && count === 0; attempt++) {
      await sleep(100);
      count = await countUserWorkflows(api.client, user);
    }
    expect(count).toBe(1);
    await api.client.workflow.getHandle(response.json().id).terminate('test done');
  });
});
