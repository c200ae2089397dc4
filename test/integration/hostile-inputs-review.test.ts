import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRegistry } from '../../jobs';
import type { ApiApp } from '../../services/api/app';
import type { Operation as OperationJson } from '../../services/api/schemas/operation';
import {
  authHeader,
  countUserWorkflows,
  signTestToken,
  startTestApi,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';
import { readOperation, startOperation } from '../../packages/client/src/temporal/index';
import { finished, waitForOperation } from '../helpers/operations';
import { httpGet, postForm } from '../helpers/multipart-form';
import { openSse } from '../helpers/sse-client';
import { startTestWorker, testObjectStore, type TestWorker } from '../helpers/test-worker';
import { storedKeys } from '../helpers/stored-objects';

/**
 * The findings of the security review (tried as an attacker with valid tokens would), one
 * block each; the first hostile-input suite is hostile-inputs.test.ts.
 */
let api: TestApi;
let app: ApiApp;
let worker: TestWorker;
let baseUrl: string;

/** How long Temporal's visibility may take to show a workflow that did start. */
const VISIBILITY_BOUND_MS = 5000;

beforeAll(async () => {
  api = await startTestApi();
  app = api.app;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  worker = await startTestWorker({ taskQueue: api.taskQueue });
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
});

function expectProblem(
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
) {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** Waits out visibility's delay, then checks the user has no workflow: the refused request started nothing. */
async function expectNothingStarted(userId: string): Promise<void> {
  const until = Date.now() + VISIBILITY_BOUND_MS;
  while (Date.now() < until) {
    expect(await countUserWorkflows(api.client, userId)).toBe(0);
    await sleep(500);
  }
}

async function createJson(userId: string, body: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: { ...(await authHeader(userId)), 'content-type': 'application/json' },
    payload: body,
  });
}

describe('bounded error answers', () => {
  // 200,000 bad ids: about 0.8 MB of body, which listed every failing field in 12.9 MB.
  const hostileBody = JSON.stringify({
    job: 'ExportProductsJob',
    params: { productIds: Array.from({ length: 200_000 }, () => 'x') },
  });

  it('lists the first 100 failing fields with the total count, and starts nothing', async () => {
    const userId = uniqueUser('many-errors');
    const response = await createJson(userId, hostileBody);
    expectProblem(response, 422);
    const problem = response.json<{ errors: unknown[]; errorCount: number }>();
    expect(problem.errors).toHaveLength(100);
    expect(problem.errorCount).toBe(200_001);
    expect(response.body.length).toBeLessThan(20_000);
    await expectNothingStarted(userId);
  });

  it('answers 10 such bodies at once, and the API still answers others', async () => {
    const userId = uniqueUser('many-errors-parallel');
    const answers = await Promise.all(Array.from({ length: 10 }, () => createJson(userId, hostileBody)));
    for (const answer of answers) expectProblem(answer, 422);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('HEAD on GET routes', () => {
  it('answers HEAD on the event stream of a running operation with its headers, then ends', async () => {
    const userId = uniqueUser('head');
    const created = await createJson(
      userId,
      JSON.stringify({ job: 'OperationExampleJob', params: { type: 'progress', steps: 50, stepMs: 200 } }),
    );
    const { id } = created.json<OperationJson>();
    const headers = await authHeader(userId);
    const answer = await Promise.race([
      httpGet(`${baseUrl}/v1/operations/${id}/events`, headers, 'HEAD'),
      sleep(10_000).then(() => 'no answer within 10 s' as const),
    ]);
    expect(answer).not.toBe('no answer within 10 s');
    if (typeof answer === 'string') return;
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(answer.body.length).toBe(0);
    expect(
      (await httpGet(`${baseUrl}/v1/operations/${id}/events`, await authHeader('someone-else'), 'HEAD')).status,
    ).toBe(404);
    await app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers });
  });

  it('answers HEAD promptly on every other GET route', async () => {
    const userId = uniqueUser('head-all');
    const created = await createJson(userId, JSON.stringify({ job: 'OperationExampleJob', params: { type: 'file' } }));
    const { id } = created.json<OperationJson>();
    const headers = await authHeader(userId);
    for (const path of [
      '/healthz',
      '/readyz',
      '/openapi.json',
      '/v1/jobs',
      '/v1/operations',
      `/v1/operations/${id}`,
      `/operations/${id}`,
      '/demo',
    ]) {
      const answer = await httpGet(`${baseUrl}${path}`, headers, 'HEAD');
      expect([200, 302], path).toContain(answer.status);
      expect(answer.body.length, path).toBe(0);
    }
  });
});

describe('the same rules for JSON and multipart bodies', () => {
  it('refuses __proto__ in multipart params as in a JSON body (400), storing and starting nothing', async () => {
    const userId = uniqueUser('proto');
    const params = '{"type":"input_file","__proto__":{"isAdmin":true}}';
    const json = await createJson(userId, `{"job":"OperationExampleJob","params":${params}}`);
    expectProblem(json, 400);

    const before = await storedKeys(testObjectStore());
    for (const forbidden of [params, '{"type":"input_file","constructor":{"prototype":{"isAdmin":true}}}']) {
      const form = await postForm(
        `${baseUrl}/v1/operations`,
        [
          { name: 'job', value: 'OperationExampleJob' },
          { name: 'params', value: forbidden },
          { name: 'file', filename: 'a.txt', contentType: 'text/plain', body: Buffer.from('hello\n') },
        ],
        { headers: await authHeader(userId) },
      );
      expect(form.status, form.body.toString()).toBe(400);
      expect(form.json<{ errors: { name: string }[] }>().errors).toEqual([expect.objectContaining({ name: 'params' })]);
    }
    expect(await storedKeys(testObjectStore())).toEqual(before);
    await expectNothingStarted(userId);
  });

  it('keeps a file name without its bidi control characters', async () => {
    const userId = uniqueUser('bidi');
    const form = await postForm(
      `${baseUrl}/v1/operations`,
      [
        { name: 'job', value: 'OperationExampleJob' },
        { name: 'params', value: '{"type":"input_file"}' },
        {
          name: 'file',
          disposition: `form-data; name="file"; filename="invoice\u202Efdp.exe\u2066x\u2069"`,
          contentType: 'text/plain',
          body: Buffer.from('hello\n'),
        },
      ],
      { headers: await authHeader(userId) },
    );
    expect(form.status, form.body.toString()).toBe(201);
    expect(form.json<OperationJson>().inputFile?.name).toBe('invoicefdp.exex');
  });
});

describe('user ids Temporal cannot store faithfully', () => {
  it.each([
    ['NUL', 'al\u0000ice', 'control character'],
    ['a lone surrogate', 'alice\uD800', 'lone surrogate'],
    ['another lone surrogate (Temporal would make both U+FFFD)', 'alice\uDBFF', 'lone surrogate'],
    ['U+FFFD', 'alice\uFFFD', 'U+FFFD'],
    ['256 characters', 'u'.repeat(256), '1 to 255 characters'],
  ])(
    'refuses a token whose sub has %s with 401 naming the reason, on lists and creates',
    async (_kind, sub, reason) => {
      const headers = { authorization: `Bearer ${await signTestToken(sub)}` };
      const list = await app.inject({ method: 'GET', url: '/v1/operations', headers });
      expectProblem(list, 401);
      expect(list.json<{ detail: string }>().detail).toContain(reason);
      const created = await app.inject({
        method: 'POST',
        url: '/v1/operations',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 0 } },
      });
      expectProblem(created, 401);
    },
  );
});

describe('live streams per user', () => {
  let limited: TestApi;
  let limitedUrl: string;

  beforeAll(async () => {
    limited = await startTestApi({ TEMPORAL_TASK_QUEUE: api.taskQueue, LIVE_STREAMS_PER_USER: '3' });
    await limited.app.listen({ host: '127.0.0.1', port: 0 });
    const address = limited.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
    limitedUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await limited?.close();
  });

  async function runningOperation(userId: string): Promise<string> {
    const created = await createJson(
      userId,
      JSON.stringify({ job: 'OperationExampleJob', params: { type: 'cancellable', steps: 600, stepMs: 100 } }),
    );
    expect(created.statusCode, created.body).toBe(201);
    return created.json<OperationJson>().id;
  }

  it('are capped per user (429 with Retry-After beyond), and a closed one frees its slot', async () => {
    const userId = uniqueUser('streams');
    const id = await runningOperation(userId);
    const headers = await authHeader(userId);
    const streams = await Promise.all(
      [1, 2, 3].map(() => openSse(`${limitedUrl}/v1/operations/${id}/events`, headers)),
    );
    try {
      expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);
      const refused = await openSse(`${limitedUrl}/v1/operations/${id}/events`, headers);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('5');
      expect(JSON.parse(refused.body)).toMatchObject({ status: 429 });

      // Another user is not affected.
      const otherUser = uniqueUser('streams-other');
      const other = await openSse(
        `${limitedUrl}/v1/operations/${await runningOperation(otherUser)}/events`,
        await authHeader(otherUser),
      );
      expect(other.status).toBe(200);
      other.close();

      streams[0]!.close();
      await streams[0]!.closed;
      await expect
        .poll(async () => {
          const again = await openSse(`${limitedUrl}/v1/operations/${id}/events`, headers);
          again.close();
          return again.status;
        })
        .toBe(200);
    } finally {
      for (const stream of streams) stream.close();
      await app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers });
    }
  });

  it('end when the token that opened them expires, and a session never outlives its bearer token', async () => {
    const userId = uniqueUser('expiry');
    const id = await runningOperation(userId);
    const expiresAt = Math.floor(Date.now() / 1000) + 3;
    const shortLived = { authorization: `Bearer ${await signTestToken(userId, { expiresAt })}` };
    const stream = await openSse(`${baseUrl}/v1/operations/${id}/events`, shortLived);
    expect(stream.status).toBe(200);
    await stream.next();
    await Promise.race([stream.closed, sleep(15_000)]);
    expect(stream.ended).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000 - 1000);

    const sessionToken = await signTestToken(userId, { expiresAt: Math.floor(Date.now() / 1000) + 30 });
    const session = await app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/browser-session`,
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(session.statusCode, session.body).toBe(201);
    const sessionEnd = new Date(session.json<{ expiresAt: string }>().expiresAt).getTime();
    expect(sessionEnd).toBeLessThanOrEqual(Date.now() + 30_000);
    await app.inject({ method: 'POST', url: `/v1/operations/${id}/cancel`, headers: await authHeader(userId) });
  });
});

describe('uploads hold bounded resources', () => {
  let strict: TestApi;
  let strictUrl: string;

  beforeAll(async () => {
    strict = await startTestApi({
      TEMPORAL_TASK_QUEUE: api.taskQueue,
      UPLOADS_MAX_PER_USER: '2',
      UPLOADS_MAX_CONCURRENT: '3',
      UPLOAD_STALL_TIMEOUT_MS: '1000',
      UPLOAD_STALL_MIN_BYTES: '65536',
    });
    await strict.app.listen({ host: '127.0.0.1', port: 0 });
    const address = strict.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the API is not listening on a port');
    strictUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await strict?.close();
  });

  /** A file body that sends 100 KiB, then waits for `release` (or trickles a byte every `trickleMs`). */
  function heldBody(release: Promise<void>, trickleMs?: number): AsyncIterable<Buffer> {
    return (async function* () {
      yield Buffer.alloc(100 * 1024, 'a');
      if (trickleMs === undefined) {
        await release;
        return;
      }
      for (let i = 0; i < 40; i++) {
        await sleep(trickleMs);
        yield Buffer.from('a');
      }
    })();
  }

  async function upload(userId: string, body: AsyncIterable<Buffer> | Buffer) {
    return postForm(
      `${strictUrl}/v1/operations`,
      [
        { name: 'job', value: 'OperationExampleJob' },
        { name: 'params', value: '{"type":"input_file"}' },
        { name: 'file', filename: 'slow.txt', contentType: 'text/plain', body },
      ],
      { headers: await authHeader(userId) },
    );
  }

  it('are capped per user and in all (429 with Retry-After beyond), and a finished one frees its slot', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const [alice, bob] = [uniqueUser('uploader'), uniqueUser('uploader')];
    // Three slow uploads fill both limits: two for alice (her own), one for bob (the last in all).
    const held = [
      upload(alice, heldBody(released)),
      upload(alice, heldBody(released)),
      upload(bob, heldBody(released)),
    ];
    await sleep(1000);
    try {
      const perUser = await upload(alice, Buffer.from('x'));
      expect(perUser.status, perUser.body.toString()).toBe(429);
      expect(perUser.headers['retry-after']).toBe('5');
      expect(perUser.json<{ detail: string }>().detail).toContain('per user');
      const inAll = await upload(uniqueUser('uploader'), Buffer.from('x'));
      expect(inAll.status).toBe(429);
      expect(inAll.json<{ detail: string }>().detail).toContain('no more uploads');
    } finally {
      release();
    }
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect((await upload(alice, Buffer.from('x\n'))).status).toBe(201);
  });

  it('ends an upload that trickles (408), storing and starting nothing', async () => {
    const userId = uniqueUser('trickler');
    const before = await storedKeys(testObjectStore());
    const answer = await upload(userId, heldBody(Promise.resolve(), 250));
    expect(answer.status, answer.body.toString()).toBe(408);
    expect(answer.json<{ detail: string }>().detail).toContain('stalled');
    expect(await storedKeys(testObjectStore())).toEqual(before);
    await expectNothingStarted(userId);
  });
});

describe('behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  async function sessionCookie(env: Record<string, string>, headers: Record<string, string>): Promise<string> {
    const proxied = await startTestApi({ TEMPORAL_TASK_QUEUE: api.taskQueue, ...env });
    try {
      const userId = uniqueUser('proxied');
      const created = await proxied.app.inject({
        method: 'POST',
        url: '/v1/operations',
        headers: await authHeader(userId),
        payload: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 0 } },
      });
      const { id } = created.json<OperationJson>();
      const session = await proxied.app.inject({
        method: 'POST',
        url: `/v1/operations/${id}/browser-session`,
        headers: { ...(await authHeader(userId)), ...headers },
      });
      expect(session.statusCode, session.body).toBe(201);
      return String(session.headers['set-cookie']);
    } finally {
      await proxied.close();
    }
  }

  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

  it('sets the session cookie Secure when the trusted proxy says the request came over https', async () => {
    expect(await sessionCookie({ TRUST_PROXY: '127.0.0.1' }, forwarded)).toContain('Secure');
    expect(await sessionCookie({ TRUST_PROXY: '1' }, forwarded)).toContain('Secure');
  });

  it('believes no forwarded header without TRUST_PROXY', async () => {
    expect(await sessionCookie({}, forwarded)).not.toContain('Secure');
  });
});

describe('files stay with their operation', () => {
  it("refuses a record that names another operation's input file: not shown, not served, not read", async () => {
    const userId = uniqueUser('file-owner');
    const uploaded = await postForm(
      `${baseUrl}/v1/operations`,
      [
        { name: 'job', value: 'OperationExampleJob' },
        { name: 'params', value: '{"type":"input_file"}' },
        { name: 'file', filename: 'private.txt', contentType: 'text/plain', body: Buffer.from('private\n') },
      ],
      { headers: await authHeader(userId) },
    );
    expect(uploaded.status, uploaded.body.toString()).toBe(201);
    const victim = uploaded.json<OperationJson>();
    const victimRecord = await readOperation(api.client, victim.id);

    // A Temporal client starts an operation of its own user pointing at that file.
    const attacker = uniqueUser('file-thief');
    const job = jobRegistry.get('OperationExampleJob')!;
    const { operation } = await startOperation(
      api.client,
      {
        job: job.name,
        params: { type: 'input_file', steps: 1, stepMs: 0 },
        userId: attacker,
        run: job.run,
        inputFile: victimRecord!.inputFile,
      },
      { taskQueue: api.taskQueue },
    );
    const headers = await authHeader(attacker);
    const shown = await app.inject({ method: 'GET', url: `/v1/operations/${operation.id}`, headers });
    expect(shown.json<OperationJson>().inputFile).toBeNull();
    const served = await app.inject({ method: 'GET', url: `/v1/operations/${operation.id}/input-file`, headers });
    expectProblem(served, 404);
    const ended = await waitForOperation(api.client, operation.id, finished);
    expect(ended.status).toBe('failed');
    expect(ended.error?.message).toContain('stored under another operation');
    expect(ended.output.message).toBeNull();
  });
});

describe('a rate limit on creates, per user', () => {
  it('answers 429 with Retry-After past the limit, starts nothing for it, and leaves other users alone', async () => {
    const limited = await startTestApi({ TEMPORAL_TASK_QUEUE: api.taskQueue, CREATES_PER_MINUTE_PER_USER: '3' });
    try {
      const create = async (userId: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/v1/operations',
          headers: { ...(await authHeader(userId)), 'content-type': 'application/json' },
          payload: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 0 } },
        });
      const userId = uniqueUser('rate');
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await create(userId));
      expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 429]);
      const refused = answers[3]!;
      expectProblem(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await create(uniqueUser('rate-other'))).statusCode).toBe(201);
      // Only the three accepted creates started a workflow.
      await sleep(VISIBILITY_BOUND_MS);
      expect(await countUserWorkflows(api.client, userId)).toBe(3);
    } finally {
      await limited.close();
    }
  });
});

describe('page tokens and idempotent ids need the server key', () => {
  it('refuses an altered or forged page token with 400 at once, and shows no Temporal internals', async () => {
    const userId = uniqueUser('pages');
    for (let i = 0; i < 3; i++) {
      await createJson(
        userId,
        JSON.stringify({ job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 0 } }),
      );
    }
    const headers = await authHeader(userId);
    let token: string | null = null;
    for (let attempt = 0; attempt < 50 && token === null; attempt++) {
      const page = await app.inject({ method: 'GET', url: '/v1/operations?pageSize=1', headers });
      token = page.json<{ nextPageToken: string | null }>().nextPageToken;
      if (token === null) await sleep(200);
    }
    expect(token).not.toBeNull();
    expect(Buffer.from(token!, 'base64url').toString('latin1')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const next = await app.inject({ method: 'GET', url: `/v1/operations?pageSize=1&pageToken=${token}`, headers });
    expect(next.statusCode, next.body).toBe(200);

    const altered = Buffer.from(token!, 'base64url');
    altered[20]! ^= 1;
    for (const forged of [
      altered.toString('base64url'),
      `${token!.slice(0, -4)}AAAA`,
      'eyJ4IjoxfQ.abcdefghijklmnopqrstuv',
    ]) {
      const answer = await app.inject({ method: 'GET', url: `/v1/operations?pageSize=1&pageToken=${forged}`, headers });
      expectProblem(answer, 400);
    }
  });

  it('derives idempotent operation ids with a key: the unkeyed digest of user and key names nothing', async () => {
    const userId = uniqueUser('keyed');
    const created = await app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...(await authHeader(userId)), 'content-type': 'application/json', 'idempotency-key': 'order-1' },
      payload: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 0 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<OperationJson>();
    const unkeyed = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${userId}\u0000order-1`)),
    );
    // The old derivation: Crockford base-32 of the plain digest.
    const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let bits = '';
    for (const byte of unkeyed) bits += byte.toString(2).padStart(8, '0');
    const guessed = `op_${Array.from({ length: 26 }, (_, i) => crockford[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('')}`;
    expect(id).not.toBe(guessed);
  });
});
