import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { openSse } from '../helpers/sse-client';

const ALLOWED = 'http://127.0.0.1:5173';
const OTHER = 'http://127.0.0.1:5174';

let api: TestApi;
let baseUrl: string;

beforeAll(async () => {
  // No worker: operations stay `created`, which is all these header checks need.
  api = await startTestApi({ CORS_ORIGINS: `${ALLOWED},https://app.example.com` });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await api?.close();
});

const corsHeaders = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));

function preflight(origin: string, method = 'POST', requestHeaders = 'authorization,content-type') {
  return api.app.inject({
    method: 'OPTIONS',
    url: '/v1/operations',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': requestHeaders },
  });
}

async function createOperation(userId: string, origin?: string) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: { ...(await authHeader(userId)), ...(origin ? { origin } : {}) },
    payload: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 10 } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response;
}

describe('CORS_ORIGINS', () => {
  it('answers a preflight from a listed origin with exactly that origin, credentials and the allowed headers', async () => {
    const response = await preflight(ALLOWED);
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '600',
    });
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('last-event-id');
    expect(String(response.headers.vary)).toContain('Origin');
  });

  it.each([
    ['an unlisted origin', OTHER],
    ['a listed origin with a path', `${ALLOWED}/app`],
    ['another port of a listed host', 'http://127.0.0.1:5175'],
    ['the opaque origin', 'null'],
  ])('gives a preflight from %s no Access-Control-* header', async (_case, origin) => {
    const response = await preflight(origin);
    expect(corsHeaders(response.headers)).toEqual([]);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('exposes Location and Operation-Location to a listed origin, and nothing to another', async () => {
    const user = uniqueUser();
    const allowed = await createOperation(user, ALLOWED);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    const exposed = String(allowed.headers['access-control-expose-headers']);
    for (const name of ['Location', 'Operation-Location', 'Retry-After', 'Content-Disposition']) {
      expect(exposed).toContain(name);
    }
    const other = await createOperation(user, OTHER);
    expect(corsHeaders(other.headers)).toEqual([]);
    const sameOrigin = await createOperation(user);
    expect(corsHeaders(sameOrigin.headers)).toEqual([]);
  });

  it('lets a listed origin read a 401 problem (so the element can tell "sign in again" from "offline")', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/operations', headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it("carries the CORS headers on the event stream, authenticated by the operation's session token", async () => {
    const user = uniqueUser();
    const { id } = (await createOperation(user)).json();
    const session = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/browser-session`,
      headers: await authHeader(user),
    });
    expect(session.statusCode).toBe(201);
    const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, {
      origin: ALLOWED,
      authorization: `Bearer ${session.json().token}`,
    });
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(stream.headers['access-control-allow-credentials']).toBe('true');
      expect(JSON.parse((await stream.next(5000)).data)).toMatchObject({ id, status: 'created' });
    } finally {
      stream.close();
    }
  });
});

describe('without CORS_ORIGINS', () => {
  it('sends no CORS header to any origin, and has no preflight route', async () => {
    const plain = await startTestApi();
    try {
      const response = await plain.app.inject({
        method: 'OPTIONS',
        url: '/v1/operations',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(corsHeaders(response.headers)).toEqual([]);
      expect(response.statusCode).toBe(404);
      const read = await plain.app.inject({ method: 'GET', url: '/v1/operations', headers: { origin: ALLOWED } });
      expect(corsHeaders(read.headers)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
