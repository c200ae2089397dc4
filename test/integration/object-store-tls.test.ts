/**
 * The object store as real deployments use it, against real servers on loopback: versitygw
 * serving HTTPS with a private CA, a session token, and the AWS credential chain (the
 * container-credentials endpoint that ECS provides, served here on loopback).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { resolveBinary, S3_SERVER } from '../../dev/binaries';
import { freePort } from '../../dev/ports';
import { startS3Server, type S3Server } from '../../dev/s3-server';
import { objectStoreSettings } from '../../services/shared/config-parts';
import { loadWorkerConfig } from '../../services/worker/config';
import { makeCertificates, type TestCertificates } from '../helpers/certificates';

let dir: string;
let certificates: TestCertificates;
let s3: S3Server | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-tls-'));
  certificates = await makeCertificates(dir, 's3');
  s3 = await startS3Server({
    binary: (await resolveBinary(S3_SERVER, () => {})).path,
    port: await freePort(),
    dir: join(dir, 's3'),
    region: 'us-east-1',
    bucket: 'tls-bucket',
    accessKey: 'tls-access-key',
    secretKey: randomBytes(18).toString('base64url'),
    tls: {
      certFile: certificates.serverCert,
      keyFile: certificates.serverKey,
      caCert: readFileSync(certificates.caCert, 'utf8'),
    },
  });
});

afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A loopback HTTP server that answers every request with `answer` and keeps the headers it got. */
async function recordingServer(answer: (path: string) => { status: number; body?: string }) {
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    const { status, body = '' } = answer(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('an HTTPS S3 endpoint with a private CA', () => {
  it('stores and reads objects when the CA is given (S3_CA_CERT_PATH)', async () => {
    const config = loadWorkerConfig({
      S3_ENDPOINT: s3!.endpoint,
      S3_BUCKET: s3!.bucket,
      S3_ACCESS_KEY: s3!.accessKey,
      S3_SECRET_KEY: s3!.secretKey,
      S3_CA_CERT_PATH: certificates.caCert,
    });
    expect(s3!.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const store = createObjectStore(objectStoreSettings(config));
    await store.ping();
    const bytes = randomBytes(4096);
    await store.client.putObject(store.bucket, 'tls/object', bytes);
    expect(await buffer(await store.client.getObject(store.bucket, 'tls/object'))).toEqual(bytes);
  });

  it('refuses the server without the CA: its certificate is not trusted', async () => {
    const { caCert: _left, ...withoutCa } = s3!;
    const store = createObjectStore(withoutCa);
    await expect(store.client.bucketExists(store.bucket)).rejects.toMatchObject({
      code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/),
    });
  });

  it('refuses a certificate that another CA signed', async () => {
    const other = await makeCertificates(await mkdtemp(join(dir, 'other-')), 'another');
    const store = createObjectStore({ ...s3!, caCert: readFileSync(other.caCert, 'utf8') });
    await expect(store.client.bucketExists(store.bucket)).rejects.toMatchObject({
      code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/),
    });
  });
});

describe('a session token (S3_SESSION_TOKEN)', () => {
  it('travels signed in x-amz-security-token on every request', async () => {
    const server = await recordingServer(() => ({ status: 200 }));
    try {
      const store = createObjectStore({
        endpoint: server.url,
        region: 'us-east-1',
        bucket: 'token-bucket',
        accessKey: 'temporary-access',
        secretKey: 'temporary-secret',
        sessionToken: 'the-session-token',
      });
      expect(await store.client.bucketExists('token-bucket')).toBe(true);
      const [request] = server.requests;
      expect(request!.headers['x-amz-security-token']).toBe('the-session-token');
      expect(request!.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    } finally {
      await server.close();
    }
  });

  it('is accepted beside the keys by a real server', async () => {
    const store = createObjectStore({ ...s3!, sessionToken: 'ignored-by-versitygw' });
    expect(await store.client.bucketExists(store.bucket)).toBe(true);
  });
});

describe('the AWS credential chain (no static keys)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('signs with the temporary keys the container-credentials endpoint hands out', async () => {
    const credentials = {
      Code: 'Success',
      AccessKeyID: s3!.accessKey,
      SecretAccessKey: s3!.secretKey,
      Token: 'container-session-token',
      Expiration: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const endpoint = await recordingServer(() => ({ status: 200, body: JSON.stringify(credentials) }));
    try {
      delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${endpoint.url}/v2/credentials/task`;
      const config = loadWorkerConfig({
        S3_ENDPOINT: s3!.endpoint,
        S3_BUCKET: s3!.bucket,
        S3_CA_CERT_PATH: certificates.caCert,
      });
      expect(config.S3_ACCESS_KEY).toBeUndefined();
      const store = createObjectStore(objectStoreSettings(config));
      await store.client.putObject(store.bucket, 'chain/object', Buffer.from('signed by the chain'));
      expect((await buffer(await store.client.getObject(store.bucket, 'chain/object'))).toString()).toBe(
        'signed by the chain',
      );
      expect(endpoint.requests.map((request) => request.path)).toContain('/v2/credentials/task');
    } finally {
      await endpoint.close();
    }
  });
});
