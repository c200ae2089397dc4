import { createServer } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { jobRegistry } from '../../jobs';
import { buildApp, type ApiApp } from '../../services/api/app';
import type { Operation } from '../../services/api/schemas/operation';
import {
  authHeader,
  expectNothingStartedFor,
  VISIBILITY_BOUND_MS,
  startTestApi,
  uniqueUser,
  type TestApi,
} from '../helpers/api-test-app';
import { generatedFile, httpGet, postForm, type FormPart, type HttpAnswer } from '../helpers/multipart-form';
import { incompleteUploads, storedKeys } from '../helpers/stored-objects';
import { testObjectStore } from '../helpers/test-worker';
import { testServices } from '../helpers/test-services';

/** Small enough to exceed quickly, large enough that an over-limit file is a multipart upload first. */
const LIMIT = 20 * 1024 * 1024;

let api: TestApi;
let baseUrl: string;
const store = testObjectStore();

beforeAll(async () => {
  api = await startTestApi({ MAX_INPUT_FILE_BYTES: String(LIMIT) });
  baseUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await api?.close();
});

const fields = (params: string = JSON.stringify({ type: 'input_file' })): FormPart[] => [
  { name: 'job', value: 'OperationExampleJob' },
  { name: 'params', value: params },
];

const filePart = (body: Buffer | AsyncIterable<Buffer>): FormPart => ({ name: 'file', filename: 'data.bin', body });

/** A snapshot of what the store holds under operations/: objects and unfinished multipart uploads. */
async function storeContents() {
  return { objects: await storedKeys(store), uploads: await incompleteUploads(store) };
}

/** Sends a form and checks the problem answer. */
async function expectRefused(
  userId: string,
  parts: FormPart[],
  status: number,
  options: { end?: boolean } = {},
): Promise<HttpAnswer> {
  const response = await postForm(`${baseUrl}/v1/operations`, parts, {
    headers: await authHeader(userId),
    ...options,
  });
  expect(response.status, response.body.toString()).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, detail: expect.any(String) });
  return response;
}

/** Nothing a refused request sent may have started a workflow or left anything in the store. */
async function expectNothingLeft(userId: string, before: Awaited<ReturnType<typeof storeContents>>) {
  await expectNothingStartedFor(api.client, userId);
  // An upload the API aborts after the client left is gone within the same bound.
  const until = Date.now() + VISIBILITY_BOUND_MS;
  let after = await storeContents();
  while (!isDeepStrictEqual(after, before) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await storeContents();
  }
  expect(after).toEqual(before);
}

describe('POST /v1/operations (multipart): bad input', () => {
  it('answers 413 to a file over MAX_INPUT_FILE_BYTES and stores nothing', async () => {
    const user = uniqueUser('too-large');
    const before = await storeContents();
    const response = await expectRefused(
      user,
      [...fields(), filePart(generatedFile(LIMIT + 10 * 1024 * 1024).body)],
      413,
    );
    expect(response.json().detail).toContain(String(LIMIT));
    await expectNothingLeft(user, before);
  });

  it('accepts a file of exactly MAX_INPUT_FILE_BYTES', async () => {
    const user = uniqueUser('at-limit');
    const response = await postForm(`${baseUrl}/v1/operations`, [...fields(), filePart(generatedFile(LIMIT).body)], {
      headers: await authHeader(user),
    });
    expect(response.status, response.body.toString()).toBe(201);
    expect(response.json<Operation>().inputFile?.size).toBe(LIMIT);
  });

  it('answers 400 to a truncated body and stores nothing', async () => {
    const user = uniqueUser('truncated');
    const before = await storeContents();
    // The closing boundary never comes: the body ends inside the file part, after two parts' worth.
    await expectRefused(user, [...fields(), filePart(generatedFile(18 * 1024 * 1024).body)], 400, { end: false });
    await expectNothingLeft(user, before);
  });

  it('stores nothing when the client drops the connection mid-file', async () => {
    const user = uniqueUser('dropped');
    const before = await storeContents();
    const response = await postForm(
      `${baseUrl}/v1/operations`,
      [...fields(), filePart(generatedFile(18 * 1024 * 1024).body)],
      { headers: await authHeader(user), abortAfterBytes: 12 * 1024 * 1024 },
    );
    expect(response.status).toBe(0);
    await expectNothingLeft(user, before);
  });

  it('answers 400 to two file parts and stores nothing', async () => {
    const user = uniqueUser('two-files');
    const before = await storeContents();
    await expectRefused(
      user,
      [...fields(), filePart(Buffer.from('one')), { name: 'file', filename: 'two.txt', body: Buffer.from('two') }],
      400,
    );
    await expectNothingLeft(user, before);
  });

  it('answers 400 to a file part with another name, or a field after the file', async () => {
    const user = uniqueUser('wrong-field');
    const before = await storeContents();
    const wrongName = await expectRefused(
      user,
      [...fields(), { name: 'upload', filename: 'a.txt', body: Buffer.from('a') }],
      400,
    );
    expect(wrongName.json().errors).toEqual([{ name: 'upload', message: expect.stringContaining('"file"') }]);
    await expectRefused(user, [...fields(), filePart(Buffer.from('a')), { name: 'idempotencyKey', value: 'k' }], 400);
    // The job after the file: the fields are not all known when the file starts.
    await expectRefused(
      user,
      [{ name: 'params', value: '{"type":"input_file"}' }, filePart(Buffer.from('a')), { name: 'job', value: 'x' }],
      400,
    );
    await expectRefused(user, [...fields(), { name: 'colour', value: 'blue' }, filePart(Buffer.from('a'))], 400);
    await expectNothingLeft(user, before);
  });

  it('answers 400 to params that are not a JSON object', async () => {
    const user = uniqueUser('params');
    const before = await storeContents();
    const notJson = await expectRefused(user, [...fields('{type: input_file'), filePart(Buffer.from('a'))], 400);
    expect(notJson.json().errors).toEqual([{ name: 'params', message: expect.stringContaining('JSON') }]);
    await expectRefused(user, [...fields('[1, 2]'), filePart(Buffer.from('a'))], 400);
    await expectRefused(user, [...fields('"text"'), filePart(Buffer.from('a'))], 400);
    await expectNothingLeft(user, before);
  });

  it('answers 422 to an unknown job or bad params before storing the file', async () => {
    const user = uniqueUser('invalid');
    const before = await storeContents();
    await expectRefused(
      user,
      [{ name: 'job', value: 'NoSuchJob' }, { name: 'params', value: '{}' }, filePart(Buffer.from('a'))],
      422,
    );
    const badParams = await expectRefused(user, [...fields('{"type":"nonsense"}'), filePart(Buffer.from('a'))], 422);
    expect(badParams.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/params/type' })]),
    );
    await expectNothingLeft(user, before);
  });

  it('answers 400 to a multipart content type without a boundary', async () => {
    const user = uniqueUser('boundary');
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: { ...(await authHeader(user)), 'content-type': 'multipart/form-data' },
      payload: 'job=x',
    });
    expect(response.statusCode, response.body).toBe(400);
  });

  it('keeps hostile file names as safe metadata and sends them in a safe header', async () => {
    const user = uniqueUser('names');
    const cases: { disposition: string; stored: string }[] = [
      { disposition: 'form-data; name="file"; filename="../../etc/passwd"', stored: 'passwd' },
      { disposition: 'form-data; name="file"; filename="..\\\\..\\\\boot.ini"', stored: 'boot.ini' },
      { disposition: 'form-data; name="file"; filename="a\u0000b.txt"', stored: 'a_b.txt' },
      { disposition: `form-data; name="file"; filename*=UTF-8''%22quoted%22%3B%20x.txt`, stored: '_quoted_; x.txt' },
      { disposition: 'form-data; name="file"; filename="say \\"hi\\".txt"', stored: 'say _hi_.txt' },
      // Browsers escape a newline in a name as %0A (WHATWG multipart encoding): it stays text.
      { disposition: 'form-data; name="file"; filename="line%0Abreak.txt"', stored: 'line%0Abreak.txt' },
      { disposition: 'form-data; name="file"; filename=".."', stored: 'file' },
    ];
    for (const { disposition, stored } of cases) {
      const response = await postForm(
        `${baseUrl}/v1/operations`,
        [...fields(), { name: 'file', disposition, contentType: 'text/plain', body: Buffer.from('x') }],
        { headers: await authHeader(user) },
      );
      expect(response.status, `${disposition}: ${response.body.toString()}`).toBe(201);
      const operation = response.json<Operation>();
      expect(operation.inputFile?.name, disposition).toBe(stored);
      const key = (await storedKeys(store, `operations/${operation.id}/`))[0];
      expect(key).toMatch(new RegExp(`^operations/${operation.id}/input/[0-9a-f-]{36}$`));

      const file = await httpGet(`${baseUrl}${operation.inputFile!.url}`, await authHeader(user));
      expect(file.status).toBe(200);
      const header = file.headers['content-disposition'] as string;
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
      expect(header.match(/"/g)).toHaveLength(2);
      expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(stored);
    }
  });

  it('drops a part whose name decodes to a raw line break (the parser refuses it): no file', async () => {
    const user = uniqueUser('raw-newline');
    const response = await postForm(
      `${baseUrl}/v1/operations`,
      [
        ...fields(),
        { name: 'file', disposition: `form-data; name="file"; filename*=UTF-8''a%0Ab.txt`, body: Buffer.from('x') },
      ],
      { headers: await authHeader(user) },
    );
    expect(response.status, response.body.toString()).toBe(201);
    const operation = response.json<Operation>();
    expect(operation.inputFile).toBeNull();
    expect(await storedKeys(store, `operations/${operation.id}/`)).toEqual([]);
  });
});

describe('POST /v1/operations (multipart) with the object store down', () => {
  let app: ApiApp;
  let connection: Connection;
  let url: string;

  beforeAll(async () => {
    const services = testServices();
    const closedPort = await freePort();
    connection = await Connection.connect(api.config.temporal.connectionOptions);
    const s3 = { ...services.s3, endpoint: `http://127.0.0.1:${closedPort}` };
    app = await buildApp({
      config: { ...api.config, S3_ENDPOINT: s3.endpoint },
      temporal: { client: new Client({ connection, namespace: api.config.temporal.namespace }), connection },
      objectStore: createObjectStore(s3),
      jobs: jobRegistry,
    });
    url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/v1/operations`;
  });

  afterAll(async () => {
    await app?.close();
    await connection?.close();
  });

  it('answers 503 and starts nothing, for a small file and for a multipart-sized one', async () => {
    const user = uniqueUser('store-down');
    for (const body of [Buffer.from('small'), generatedFile(12 * 1024 * 1024).body]) {
      const response = await postForm(url, [...fields(), filePart(body)], { headers: await authHeader(user) });
      expect(response.status, response.body.toString()).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toBeDefined();
    }
    await expectNothingStartedFor(api.client, user);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
