import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeader,
  signTestToken,
  startTestApi,
  TEST_JWT_SECRET,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';

const validBody = { job: 'OperationExampleJob', params: { type: 'success' } };
const inOneMinute = () => Math.floor(Date.now() / 1000) + 60;

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

async function listWith(app: TestApi['app'], authorization: string | undefined) {
  return app.inject({ url: '/v1/operations', headers: authorization ? { authorization } : {} });
}

function expectUnauthorized(response: Awaited<ReturnType<typeof listWith>>) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
}

describe('bearer tokens (HS256)', () => {
  it('accepts a valid token', async () => {
    const response = await listWith(api.app, `Bearer ${await signTestToken(uniqueUser())}`);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('refuses alg none', async () => {
    const token = new UnsecuredJWT({ sub: uniqueUser() }).setExpirationTime(inOneMinute()).encode();
    expectUnauthorized(await listWith(api.app, `Bearer ${token}`));
  });

  it('refuses a wrong signature and a tampered payload', async () => {
    const user = uniqueUser();
    const wrongKey = await signTestToken(user, { secret: 'not-the-secret-but-32-characters-long' });
    expectUnauthorized(await listWith(api.app, `Bearer ${wrongKey}`));
    const [header, , signature] = (await signTestToken(user)).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'bob', exp: inOneMinute() })).toString('base64url');
    expectUnauthorized(await listWith(api.app, `Bearer ${header}.${payload}.${signature}`));
  });

  it('refuses an expired token and one without exp', async () => {
    const user = uniqueUser();
    const expired = await signTestToken(user, { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
    expectUnauthorized(await listWith(api.app, `Bearer ${expired}`));
    expectUnauthorized(await listWith(api.app, `Bearer ${await signTestToken(user, { expiresAt: null })}`));
  });

  it('refuses a token without sub, with an empty sub, a non-string sub or one over 255 characters', async () => {
    expectUnauthorized(await listWith(api.app, `Bearer ${await signTestToken(undefined)}`));
    expectUnauthorized(await listWith(api.app, `Bearer ${await signTestToken('')}`));
    expectUnauthorized(await listWith(api.app, `Bearer ${await signTestToken('u'.repeat(256))}`));
    const numeric = await new SignJWT({ sub: 42 as unknown as string })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(inOneMinute())
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectUnauthorized(await listWith(api.app, `Bearer ${numeric}`));
    const longest = await listWith(api.app, `Bearer ${await signTestToken(`u${'x'.repeat(254)}`)}`);
    expect(longest.statusCode).toBe(200);
  });

  it('refuses a wrong algorithm: RS256 or HS512 when HS256 is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ sub: uniqueUser() })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime(inOneMinute())
      .sign(privateKey);
    expectUnauthorized(await listWith(api.app, `Bearer ${rs256}`));
    const hs512 = await new SignJWT({ sub: uniqueUser() })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime(inOneMinute())
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectUnauthorized(await listWith(api.app, `Bearer ${hs512}`));
  });

  it('refuses a missing header, another scheme, and garbage', async () => {
    expectUnauthorized(await listWith(api.app, undefined));
    expectUnauthorized(await listWith(api.app, 'Basic YWxpY2U6c2VjcmV0'));
    expectUnauthorized(await listWith(api.app, 'Bearer'));
    expectUnauthorized(await listWith(api.app, 'Bearer not.a.jwt'));
    expectUnauthorized(await listWith(api.app, `Bearer ${'a'.repeat(10_000)}`));
  });

  it('protects every operation and job route', async () => {
    for (const [method, url] of [
      ['GET', '/v1/jobs'],
      ['GET', '/v1/operations'],
      ['POST', '/v1/operations'],
      ['GET', '/v1/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0'],
      ['POST', '/v1/operations/op_01JABCDEFGHJKMNPQRSTVWXYZ0/cancel'],
    ] as const) {
      const response = await api.app.inject({ method, url, ...(method === 'POST' ? { payload: validBody } : {}) });
      expectUnauthorized(response);
    }
  });

  it('serves health, readiness, the OpenAPI document, the docs and metrics without a token', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/docs', '/docs/json', '/metrics']) {
      const response = await api.app.inject({ url });
      expect([200, 302], `${url}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
    }
  });
});

describe('issuer and audience', () => {
  it('are required when configured', async () => {
    const strict = await startTestApi({ AUTH_JWT_ISSUER: 'https://issuer.test', AUTH_JWT_AUDIENCE: 'operations' });
    try {
      const user = uniqueUser();
      const good = await signTestToken(user, { issuer: 'https://issuer.test', audience: 'operations' });
      expect((await listWith(strict.app, `Bearer ${good}`)).statusCode).toBe(200);
      expectUnauthorized(await listWith(strict.app, `Bearer ${await signTestToken(user)}`));
      const wrongIssuer = await signTestToken(user, { issuer: 'https://evil.test', audience: 'operations' });
      expectUnauthorized(await listWith(strict.app, `Bearer ${wrongIssuer}`));
      const wrongAudience = await signTestToken(user, { issuer: 'https://issuer.test', audience: 'other' });
      expectUnauthorized(await listWith(strict.app, `Bearer ${wrongAudience}`));
    } finally {
      await strict.close();
    }
  });
});

describe('keys from a JWKS URL', () => {
  let jwksServer: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    jwksServer.listen(0, '127.0.0.1');
    await once(jwksServer, 'listening');
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    jwksServer?.close();
  });

  it('accepts a token signed by a listed key and refuses HS256, alg none and unknown keys', async () => {
    // With a JWKS alone, page tokens and idempotent ids need a secret of their own.
    const jwksApi = await startTestApi({
      AUTH_JWKS_URL: jwksUrl,
      AUTH_JWT_SECRET: '',
      OPERATIONS_SECRET: 'operations-secret-of-the-jwks-suite-0123',
    });
    try {
      const user = uniqueUser();
      const sign = (key: CryptoKey) =>
        new SignJWT({ sub: user })
          .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
          .setExpirationTime(inOneMinute())
          .sign(key);
      expect((await listWith(jwksApi.app, `Bearer ${await sign(privateKey)}`)).statusCode).toBe(200);
      const stranger = (await generateKeyPair('ES256')).privateKey;
      expectUnauthorized(await listWith(jwksApi.app, `Bearer ${await sign(stranger)}`));
      // No secret is configured: an HMAC token must not be checked against anything public.
      expectUnauthorized(await listWith(jwksApi.app, `Bearer ${await signTestToken(user)}`));
      const none = new UnsecuredJWT({ sub: user }).setExpirationTime(inOneMinute()).encode();
      expectUnauthorized(await listWith(jwksApi.app, `Bearer ${none}`));
    } finally {
      await jwksApi.close();
    }
  });
});

describe('the user id in the visibility query', () => {
  it('cannot be widened by quotes or OR in sub', async () => {
    const bob = uniqueUser('bob');
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(bob),
      payload: validBody,
    });
    expect(created.statusCode, created.body).toBe(201);
    const bobsId = created.json().id as string;
    try {
      // Wait until bob himself sees it, so an empty list below means "filtered", not "not indexed yet".
      let seen = false;
      for (let attempt = 0; attempt < 50 && !seen; attempt++) {
        const list = await api.app.inject({ url: '/v1/operations', headers: await authHeader(bob) });
        seen = (list.json().operations as { id: string }[]).some((operation) => operation.id === bobsId);
        if (!seen) await sleep(100);
      }
      expect(seen).toBe(true);

      for (const sub of [
        `x" OR userId="${bob}`,
        `x' OR userId='${bob}`,
        `x\\" OR userId=\\"${bob}`,
        `" OR "1"="1`,
        `x" OR WorkflowType="operationWorkflow`,
        `${bob}" AND userId!="`,
        `${bob}\\`,
        `${bob}%`,
      ]) {
        const list = await api.app.inject({ url: '/v1/operations', headers: await authHeader(sub) });
        expect(list.statusCode, `${sub}: ${list.body}`).toBe(200);
        expect(list.json().operations, sub).toEqual([]);
      }
      const intruder = await authHeader(`x" OR userId="${bob}`);
      const read = await api.app.inject({ url: `/v1/operations/${bobsId}`, headers: intruder });
      expect(read.statusCode).toBe(404);
    } finally {
      await api.client.workflow.getHandle(bobsId).terminate('test done');
    }
  });
});
