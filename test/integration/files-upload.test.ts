import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../services/api/schemas/operation';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { generatedFile, httpDigest, httpGet, postForm, type FormPart } from '../helpers/multipart-form';
import { storedKeys } from '../helpers/stored-objects';
import { startTestWorker, testObjectStore, type TestWorker } from '../helpers/test-worker';

let api: TestApi;
let worker: TestWorker;
let baseUrl: string;
const store = testObjectStore();

beforeAll(async () => {
  api = await startTestApi();
  worker = await startTestWorker({ taskQueue: api.taskQueue });
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const inputFileJob = (file: FormPart | null, extra: FormPart[] = []): FormPart[] => [
  { name: 'job', value: 'OperationExampleJob' },
  { name: 'params', value: JSON.stringify({ type: 'input_file' }) },
  ...extra,
  ...(file ? [file] : []),
];

async function upload(userId: string, parts: FormPart[], headers: Record<string, string> = {}) {
  const response = await postForm(`${baseUrl}/v1/operations`, parts, {
    headers: { ...(await authHeader(userId)), ...headers },
  });
  return response;
}

async function createJson(userId: string, body: Record<string, unknown>): Promise<Operation> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/operations',
    headers: await authHeader(userId),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Polls the operation until it has finished (bounded), and returns it. */
async function finished(userId: string, id: string, timeoutMs = 30_000): Promise<Operation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api.app.inject({ url: `/v1/operations/${id}`, headers: await authHeader(userId) });
    expect(response.statusCode, response.body).toBe(200);
    const operation: Operation = response.json();
    if (['completed', 'failed', 'canceled'].includes(operation.status)) return operation;
    if (Date.now() > deadline) throw new Error(`operation ${id} did not finish: ${response.body}`);
    await sleep(100);
  }
}

async function download(userId: string, path: string, headers: Record<string, string> = {}) {
  return httpGet(`${baseUrl}${path}`, { ...(await authHeader(userId)), ...headers });
}

describe('POST /v1/operations (multipart)', () => {
  it('stores the file, hands it to the job and serves it back byte for byte', async () => {
    const user = uniqueUser('upload');
    const content = Buffer.from('one\ntwo\nthree');
    const response = await upload(
      user,
      inputFileJob({ name: 'file', filename: 'notes.txt', contentType: 'text/plain', body: content }),
    );
    expect(response.status, response.body.toString()).toBe(201);
    const created = response.json<Operation>();
    expect(response.headers.location).toBe(`/v1/operations/${created.id}`);
    expect(created.inputFile).toEqual({
      name: 'notes.txt',
      size: 13,
      contentType: 'text/plain',
      url: `/v1/operations/${created.id}/input-file`,
    });
    // The key is the operation's, never the user's file name.
    const keys = (await storedKeys(store, `operations/${created.id}/`)).join();
    expect(keys).toMatch(new RegExp(`^operations/${created.id}/input/[0-9a-f-]{36}$`));

    const operation = await finished(user, created.id);
    expect(operation.status).toBe('completed');
    expect(operation.output.message).toBe('You uploaded the file notes.txt (13 bytes, 3 lines)');

    const file = await download(user, created.inputFile!.url);
    expect(file.status).toBe(200);
    expect(file.body.equals(content)).toBe(true);
    expect(file.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '13',
      'content-disposition': `attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
    });
  });

  it('streams a 50 MiB file with a non-ASCII name through to the job and back', { timeout: 120_000 }, async () => {
    const user = uniqueUser('large');
    const size = 50 * 1024 * 1024;
    const generated = generatedFile(size);
    const name = 'Données été 日本 ✓.bin';
    const response = await upload(user, inputFileJob({ name: 'file', filename: name, body: generated.body }));
    expect(response.status, response.body.toString()).toBe(201);
    const created = response.json<Operation>();
    expect(created.inputFile).toMatchObject({ name, size, contentType: 'application/octet-stream' });

    const operation = await finished(user, created.id, 60_000);
    expect(operation.status, JSON.stringify(operation)).toBe('completed');
    const { newlines, lastByte } = generated.state;
    const lines = newlines + (lastByte !== 0x0a ? 1 : 0);
    expect(operation.output.message).toBe(`You uploaded the file ${name} (${size} bytes, ${lines} lines)`);

    const file = await httpDigest(`${baseUrl}${created.inputFile!.url}`, await authHeader(user));
    expect(file.status).toBe(200);
    expect(file.size).toBe(size);
    expect(file.sha256).toBe(generated.state.sha256);
    expect(file.headers['content-length']).toBe(String(size));
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Donnees ete __ _.bin"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
  });

  it('starts an operation from a form without a file; input_file then fails with No input file', async () => {
    const user = uniqueUser('nofile');
    const response = await upload(user, inputFileJob(null));
    expect(response.status, response.body.toString()).toBe(201);
    const created = response.json<Operation>();
    expect(created.inputFile).toBeNull();
    const operation = await finished(user, created.id);
    expect(operation.status).toBe('failed');
    expect(operation.error).toEqual({ message: 'No input file' });
    expect((await download(user, `/v1/operations/${created.id}/input-file`)).status).toBe(404);
  });

  it('answers a replay of an idempotency key with the first operation and stores no second file', async () => {
    const user = uniqueUser('replay');
    const parts = () =>
      inputFileJob({ name: 'file', filename: 'a.txt', contentType: 'text/plain', body: Buffer.from('first') });
    const first = await upload(user, parts(), { 'idempotency-key': 'upload-1' });
    expect(first.status, first.body.toString()).toBe(201);
    const id = first.json<Operation>().id;
    const again = await upload(user, parts(), { 'idempotency-key': 'upload-1' });
    expect(again.status, again.body.toString()).toBe(200);
    expect(again.json<Operation>().id).toBe(id);
    expect(await storedKeys(store, `operations/${id}/`)).toHaveLength(1);

    // The same key for other params is a conflict, and nothing is stored for it.
    const other = await upload(
      user,
      [
        { name: 'job', value: 'OperationExampleJob' },
        { name: 'params', value: '{"type":"input_file","steps":2}' },
        { name: 'file', filename: 'b.txt', body: Buffer.from('second') },
      ],
      { 'idempotency-key': 'upload-1' },
    );
    expect(other.status, other.body.toString()).toBe(409);
    expect(await storedKeys(store, `operations/${id}/`)).toHaveLength(1);
  });

  it('accepts the idempotency key as a form field, params sent as application/json', async () => {
    const user = uniqueUser('field-key');
    const parts: FormPart[] = [
      { name: 'job', value: 'OperationExampleJob' },
      { name: 'params', value: '{"type":"input_file"}', contentType: 'application/json' },
      { name: 'idempotencyKey', value: 'field-1' },
      { name: 'file', filename: 'c.txt', body: Buffer.from('c') },
    ];
    const first = await upload(user, parts);
    expect(first.status, first.body.toString()).toBe(201);
    const second = await upload(user, parts, { 'idempotency-key': 'field-1' });
    expect(second.status, second.body.toString()).toBe(200);
    expect(second.json<Operation>().id).toBe(first.json<Operation>().id);
  });
});

describe('GET /v1/operations/{id}/output-file', () => {
  it('serves the CSV of the file example', async () => {
    const user = uniqueUser('example-csv');
    const created = await createJson(user, { job: 'OperationExampleJob', params: { type: 'file', steps: 3 } });
    const operation = await finished(user, created.id);
    expect(operation.output.file).toEqual({
      name: 'example.csv',
      size: 35,
      contentType: 'text/csv',
      url: `/v1/operations/${created.id}/output-file`,
    });
    const file = await download(user, operation.output.file!.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="example.csv"; filename*=UTF-8''example.csv`,
    );
    expect(file.body.toString()).toBe('id,name\n1,Item 1\n2,Item 2\n3,Item 3\n');
  });

  it('serves the products.csv of ExportProductsJob', async () => {
    const user = uniqueUser('products');
    const productIds = Array.from({ length: 1200 }, (_, i) => i + 1);
    const created = await createJson(user, { job: 'ExportProductsJob', params: { productIds } });
    const operation = await finished(user, created.id);
    expect(operation.status).toBe('completed');
    const file = await download(user, `/v1/operations/${created.id}/output-file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv');
    expect(file.headers['content-disposition']).toContain('filename="products.csv"');
    const rows = file.body.toString().trimEnd().split('\n');
    expect(rows[0]).toBe('id,name,price');
    expect(rows).toHaveLength(1201);
    expect(rows[1]).toMatch(/^1,Product 1,/);
    expect(Number(file.headers['content-length'])).toBe(operation.output.file!.size);
  });

  it('serves byte ranges, and 416 past the end', async () => {
    const user = uniqueUser('range');
    const created = await createJson(user, { job: 'OperationExampleJob', params: { type: 'file', steps: 3 } });
    await finished(user, created.id);
    const url = `/v1/operations/${created.id}/output-file`;
    const whole = 'id,name\n1,Item 1\n2,Item 2\n3,Item 3\n';

    const middle = await download(user, url, { range: 'bytes=3-6' });
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 3-6/${whole.length}`);
    expect(middle.headers['content-length']).toBe('4');
    expect(middle.body.toString()).toBe(whole.slice(3, 7));

    const suffix = await download(user, url, { range: 'bytes=-7' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.toString()).toBe(whole.slice(-7));

    const open = await download(user, url, { range: 'bytes=30-' });
    expect(open.body.toString()).toBe(whole.slice(30));

    const beyond = await download(user, url, { range: `bytes=${whole.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${whole.length}`);
    expect(beyond.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(beyond.headers['content-disposition']).toBeUndefined();

    // Several ranges, or a stale If-Range, get the whole file.
    expect((await download(user, url, { range: 'bytes=0-1,4-5' })).body.toString()).toBe(whole);
    const stale = await download(user, url, { range: 'bytes=0-1', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(whole);
    const current = await download(user, url, { range: 'bytes=0-1', 'if-range': middle.headers.etag as string });
    expect(current.status).toBe(206);

    const head = await httpGet(`${baseUrl}${url}`, await authHeader(user), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(whole.length));
    expect(head.body.length).toBe(0);
  });

  it("answers 404 for someone else's file, an unknown operation and a missing file; 401 without credentials", async () => {
    const owner = uniqueUser('owner');
    const stranger = uniqueUser('stranger');
    const created = await createJson(owner, { job: 'OperationExampleJob', params: { type: 'file', steps: 1 } });
    await finished(owner, created.id);
    const mine = await download(owner, `/v1/operations/${created.id}/output-file`);
    expect(mine.status).toBe(200);

    const theirs = await download(stranger, `/v1/operations/${created.id}/output-file`);
    const unknown = await download(stranger, '/v1/operations/op_01ARZ3NDEKTSV4RRFFQ69G5FAV/output-file');
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.json()).toEqual(unknown.json());
    expect((await download(stranger, `/v1/operations/${created.id}/input-file`)).status).toBe(404);
    expect((await download(owner, '/v1/operations/not-an-id/output-file')).status).toBe(404);

    const noFile = await download(owner, `/v1/operations/${created.id}/input-file`);
    expect(noFile.status).toBe(404);
    expect(noFile.json().detail).toBe('This operation has no uploaded input file.');

    expect((await httpGet(`${baseUrl}/v1/operations/${created.id}/output-file`)).status).toBe(401);
  });

  it("accepts the operation's browser-session cookie, for that operation only", async () => {
    const user = uniqueUser('cookie');
    const created = await createJson(user, { job: 'OperationExampleJob', params: { type: 'file', steps: 1 } });
    const other = await createJson(user, { job: 'OperationExampleJob', params: { type: 'file', steps: 1 } });
    await finished(user, created.id);
    await finished(user, other.id);
    const session = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${created.id}/browser-session`,
      headers: await authHeader(user),
    });
    expect(session.statusCode, session.body).toBe(201);
    const cookie = `operation_session=${session.json<{ token: string }>().token}`;
    const file = await httpGet(`${baseUrl}/v1/operations/${created.id}/output-file`, { cookie });
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe('id,name\n1,Item 1\n');
    expect((await httpGet(`${baseUrl}/v1/operations/${other.id}/output-file`, { cookie })).status).toBe(404);
  });

  it('answers 410 once retention has removed the object', async () => {
    const user = uniqueUser('gone');
    const created = await createJson(user, { job: 'OperationExampleJob', params: { type: 'file', steps: 1 } });
    await finished(user, created.id);
    const keys = await storedKeys(store, `operations/${created.id}/`);
    await store.client.removeObjects(store.bucket, keys);
    const file = await download(user, `/v1/operations/${created.id}/output-file`);
    expect(file.status).toBe(410);
    expect(file.json()).toMatchObject({ status: 410, detail: expect.stringContaining('no longer available') });
  });
});
