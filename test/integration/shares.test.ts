import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveServerKeys } from '../../services/api/server-keys';
import { ShareStore } from '../../services/api/shares/share-store';
import { createShareTokens } from '../../services/api/shares/share-token';
import { authHeader, startTestApi, TEST_JWT_SECRET, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { openSse } from '../helpers/sse-client';
import { startTestWorker, testObjectStore, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let otherApi: TestApi;
let worker: TestWorker;
let baseUrl: string;
const shareTokens = createShareTokens(deriveServerKeys(TEST_JWT_SECRET).shareToken);

beforeAll(async () => {
  api = await startTestApi();
  // A second API process on the same Temporal and S3: revocations must hold there too.
  otherApi = await startTestApi({ TEMPORAL_TASK_QUEUE: api.taskQueue });
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const address = api.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await api?.close();
  await otherApi?.close();
  await worker?.stop();
});

async function startExample(user: string, params: Record<string, unknown>): Promise<string> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(user),
    payload: { job: 'OperationExampleJob', params },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function share(user: string, id: string, payload?: object, app = api.app) {
  return app.inject({
    method: 'POST',
    url: `/v1/operations/${id}/shares`,
    headers: await authHeader(user),
    ...(payload ? { payload } : {}),
  });
}

const tokenOf = (url: string) => new URLSearchParams(url.split('#')[1]).get('share')!;

/** Exchanges a share link's token for its view-only session cookie, as the page does. */
async function exchange(id: string, token: string, app = api.app) {
  const response = await app.inject({
    method: 'POST',
    url: `/v1/operations/${id}/browser-session`,
    headers: { authorization: `Bearer ${token}` },
  });
  const cookie = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return { response, cookie };
}

describe('share links', () => {
  it('are made by the owner only, for 24 hours by default and at most 7 days, and listed for the owner', async () => {
    const owner = uniqueUser();
    const id = await startExample(owner, { type: 'success', steps: 1, stepMs: 10 });
    const created = await share(owner, id);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.id).toMatch(/^shr_[A-Za-z0-9_-]{22}$/);
    expect(body.url).toMatch(new RegExp(`^/operations/${id}#share=[^&]+$`));
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(86_400_000);
    expect(created.headers['cache-control']).toBe('no-store');

    const week = await share(owner, id, { expiresInSeconds: 7 * 86_400 });
    expect(week.statusCode).toBe(201);
    for (const expiresInSeconds of [7 * 86_400 + 1, 10, 'soon']) {
      const refused = await share(owner, id, { expiresInSeconds });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }

    const stranger = uniqueUser();
    expect((await share(stranger, id)).statusCode).toBe(404);
    const listed = await api.app.inject({ url: `/v1/operations/${id}/shares`, headers: await authHeader(owner) });
    expect(
      listed
        .json()
        .shares.map((open: { id: string }) => open.id)
        .sort(),
    ).toEqual([body.id, week.json().id].sort());
    expect(listed.body).not.toContain(tokenOf(body.url));
    const strangerList = await api.app.inject({
      url: `/v1/operations/${id}/shares`,
      headers: await authHeader(stranger),
    });
    expect(strangerList.statusCode).toBe(404);
    const strangerRevoke = await api.app.inject({
      method: 'DELETE',
      url: `/v1/operations/${id}/shares/${body.id}`,
      headers: await authHeader(stranger),
    });
    expect(strangerRevoke.statusCode).toBe(404);
  });

  it('open a view-only session: events and the output file, never cancel or the input file', async () => {
    const owner = uniqueUser();
    const fileOp = await startExample(owner, { type: 'file', steps: 2 });
    const running = await startExample(owner, { type: 'cancellable', steps: 100, stepMs: 100 });
    for (const id of [fileOp, running]) {
      const { response, cookie } = await exchange(id, tokenOf((await share(owner, id)).json().url));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().readOnly).toBe(true);

      const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, { cookie });
      expect(stream.status).toBe(200);
      const first = JSON.parse((await stream.next(10_000)).data);
      expect(first.id).toBe(id);
      stream.close();

      const cancel = await api.app.inject({
        method: 'POST',
        url: `/v1/operations/${id}/cancel`,
        headers: { cookie, 'x-requested-with': 'test' },
      });
      expect(cancel.statusCode).toBe(404);
      const input = await api.app.inject({ url: `/v1/operations/${id}/input-file`, headers: { cookie } });
      expect(input.statusCode).toBe(404);
      // The session is not a user's token: no reading by id, no list, no new shares.
      const bearer = { authorization: `Bearer ${response.json().token}` };
      expect((await api.app.inject({ url: `/v1/operations/${id}`, headers: bearer })).statusCode).toBe(401);
      expect((await api.app.inject({ url: '/v1/operations', headers: bearer })).statusCode).toBe(401);
      expect(
        (await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/shares`, headers: bearer })).statusCode,
      ).toBe(401);
    }
    // The output file downloads through the share once the operation has it.
    const { cookie } = await exchange(fileOp, tokenOf((await share(owner, fileOp)).json().url));
    let download;
    for (let tries = 0; tries < 100; tries++) {
      download = await api.app.inject({ url: `/v1/operations/${fileOp}/output-file`, headers: { cookie } });
      if (download.statusCode === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(download!.statusCode).toBe(200);
    expect(download!.body.split('\n')[0]).toBe('id,name');
    // The running one is still running: nobody canceled it through the share.
    const state = await api.app.inject({ url: `/v1/operations/${running}`, headers: await authHeader(owner) });
    expect(state.json().status).not.toBe('canceled');
    await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${running}/cancel`,
      headers: await authHeader(owner),
    });
  });

  it('answer 404 when altered, expired, revoked or used for another operation', async () => {
    const owner = uniqueUser();
    const id = await startExample(owner, { type: 'success', steps: 1, stepMs: 10 });
    const other = await startExample(owner, { type: 'success', steps: 1, stepMs: 10 });
    const created = (await share(owner, id)).json();
    const token = tokenOf(created.url);

    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await exchange(id, altered)).response.statusCode).toBe(404);
    expect((await exchange(other, token)).response.statusCode).toBe(404);

    const store = new ShareStore(testObjectStore());
    const expiredShare = {
      id: 'shr_AAAAAAAAAAAAAAAAAAAAAA',
      operationId: id,
      createdAt: new Date(Date.now() - 120_000).toISOString(),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    };
    await store.save(expiredShare);
    // Signed by this deployment and unexpired as a token, but its share has expired.
    const stale = await shareTokens.sign({
      operationId: id,
      shareId: expiredShare.id,
      userId: owner,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await exchange(id, stale)).response.statusCode).toBe(404);
    const expiredToken = await shareTokens.sign({
      operationId: id,
      shareId: created.id,
      userId: owner,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await exchange(id, expiredToken)).response.statusCode).toBe(404);

    // Revoked through the other API process: this one refuses it at once.
    expect((await exchange(id, token)).response.statusCode).toBe(201);
    const revoke = await otherApi.app.inject({
      method: 'DELETE',
      url: `/v1/operations/${id}/shares/${created.id}`,
      headers: await authHeader(owner),
    });
    expect(revoke.statusCode).toBe(204);
    expect((await exchange(id, token)).response.statusCode).toBe(404);
    const again = await api.app.inject({
      method: 'DELETE',
      url: `/v1/operations/${id}/shares/${created.id}`,
      headers: await authHeader(owner),
    });
    expect(again.statusCode).toBe(404);
    const listed = await api.app.inject({ url: `/v1/operations/${id}/shares`, headers: await authHeader(owner) });
    expect(listed.json().shares).toEqual([]);
  });

  it('end an open stream when revoked, and its session then reads 404', async () => {
    const owner = uniqueUser();
    const id = await startExample(owner, { type: 'progress', steps: 100, stepMs: 300 });
    const created = (await share(owner, id)).json();
    const { cookie } = await exchange(id, tokenOf(created.url));
    const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, { cookie });
    expect(stream.status).toBe(200);
    await stream.next(10_000);
    const revoked = await api.app.inject({
      method: 'DELETE',
      url: `/v1/operations/${id}/shares/${created.id}`,
      headers: await authHeader(owner),
    });
    expect(revoked.statusCode).toBe(204);
    const ended = await Promise.race([
      stream.closed.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    expect(ended).toBe(true);
    const reopened = await openSse(`${baseUrl}/v1/operations/${id}/events`, { cookie });
    expect(reopened.status).toBe(404);
    reopened.close();
    await api.app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(owner) });
  });
});

describe('the OpenAPI document', () => {
  it('lists the share and pin routes, and etaAt and webhook on the Operation', async () => {
    const document = (await api.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/operations/{id}/shares',
        '/v1/operations/{id}/shares/{shareId}',
        '/v1/operations/{id}/pin',
      ]),
    );
    expect(Object.keys(document.paths['/v1/operations/{id}/shares'])).toEqual(expect.arrayContaining(['post', 'get']));
    const operation = JSON.stringify(document.paths['/v1/operations/{id}'].get.responses['200']);
    expect(operation).toContain('etaAt');
    expect(operation).toContain('webhook');
  });
});
