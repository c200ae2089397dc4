import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../dev/service-environment';
import { jobRegistry } from '../../jobs';
import { buildApp } from '../../services/api/app';
import { loadApiConfig } from '../../services/api/config';
import { makeCertificates, type TestCertificates } from '../helpers/certificates';
import { TEST_JWT_SECRET } from '../helpers/api-test-app';
import { testClient, testObjectStore } from '../helpers/test-worker';
import { testServices } from '../helpers/test-services';

const workerEntry = fileURLToPath(new URL('../../services/worker/worker.ts', import.meta.url));
const apiEntry = fileURLToPath(new URL('../../services/api/server.ts', import.meta.url));

/** Readiness must answer within its own bound, whatever the transport does. */
const READY_BOUND_MS = 4000;

let dir: string;
let ours: TestCertificates;
let theirs: TestCertificates;
const servers: TlsServer[] = [];

/** A TLS server on loopback that completes handshakes and says nothing (enough to test the client's side). */
async function tlsServer(options: { cert: string; key: string; requireClientCertFrom?: string }): Promise<string> {
  const server = createTlsServer(
    {
      cert: await readFile(options.cert),
      key: await readFile(options.key),
      ALPNProtocols: ['h2'],
      ...(options.requireClientCertFrom
        ? { requestCert: true, rejectUnauthorized: true, ca: await readFile(options.requireClientCertFrom) }
        : {}),
    },
    (socket) => socket.on('error', () => {}),
  );
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What /readyz of an API configured with `env` answers, and how long it took. */
async function readiness(env: Record<string, string>) {
  const services = testServices();
  const config = loadApiConfig({
    ...serviceEnvironment(services),
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const connection = Connection.lazy(config.temporal.connectionOptions);
  const app = await buildApp({
    config,
    temporal: { client: new Client({ connection, namespace: config.temporal.namespace }), connection },
    objectStore: testObjectStore(),
    jobs: jobRegistry,
  });
  try {
    const started = Date.now();
    const response = await app.inject({ url: '/readyz' });
    return { status: response.statusCode, body: response.json(), ms: Date.now() - started };
  } finally {
    await app.close();
    await connection.close();
  }
}

/** Runs an entry point with `env` until it exits (or `timeoutMs`), collecting its output. */
async function runProcess(entry: string, env: Record<string, string>, timeoutMs = 30_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...serviceEnvironment(testServices()), AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temporal-connection-failures-'));
  ours = await makeCertificates(dir, 'ours');
  theirs = await makeCertificates(dir, 'theirs');
});

afterAll(async () => {
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('/readyz names why Temporal cannot be used, within a bound', () => {
  it('a server certificate from a CA the service does not trust', async () => {
    const address = await tlsServer({ cert: theirs.serverCert, key: theirs.serverKey });
    const ready = await readiness({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert });
    expect(ready.ms).toBeLessThan(READY_BOUND_MS);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ temporal: 'failed', objectStore: 'ok' });
    expect(ready.body.detail).toMatch(/not signed by a CA this service trusts.*TEMPORAL_TLS_SERVER_CA_CERT_PATH/);
  });

  it('a server that refuses the handshake without a client certificate it trusts', async () => {
    const address = await tlsServer({
      cert: ours.serverCert,
      key: ours.serverKey,
      requireClientCertFrom: ours.caCert,
    });
    const without = await readiness({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert });
    expect(without.ms).toBeLessThan(READY_BOUND_MS);
    expect(without.status).toBe(503);
    expect(without.body.detail).toMatch(/refused the TLS handshake.*TEMPORAL_TLS_CLIENT_CERT_PATH/);
    const foreign = await readiness({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert,
      TEMPORAL_TLS_CLIENT_CERT_PATH: theirs.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: theirs.clientKey,
    });
    expect(foreign.body.detail).toMatch(/wants a client certificate it trusts in TEMPORAL_TLS_CLIENT_CERT_PATH/);
  });

  it('a certificate issued for another name', async () => {
    const address = await tlsServer({ cert: ours.serverCert, key: ours.serverKey });
    const ready = await readiness({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example',
    });
    expect(ready.status).toBe(503);
    expect(ready.body.detail).toMatch(/not issued for that host.*TEMPORAL_TLS_SERVER_NAME/);
  });

  it('TLS on one side only', async () => {
    const tlsAddress = await tlsServer({ cert: ours.serverCert, key: ours.serverKey });
    const plain = await readiness({ TEMPORAL_ADDRESS: tlsAddress });
    expect(plain.ms).toBeLessThan(READY_BOUND_MS);
    expect(plain.body.detail).toMatch(/set TEMPORAL_TLS=true/);
    const tls = await readiness({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert });
    expect(tls.ms).toBeLessThan(READY_BOUND_MS);
    expect(tls.body.detail).toMatch(/does not answer TLS/);
  });

  it('a namespace without the operation search attributes', async () => {
    const client = await testClient();
    const namespace = `bare-${Date.now()}`;
    try {
      await client.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
      const ready = await readiness({ TEMPORAL_NAMESPACE: namespace });
      expect(ready.status).toBe(503);
      expect(ready.body.detail).toContain(
        `namespace ${namespace} lacks the search attributes userId, operationJob, operationStatus (Keyword)`,
      );
      expect(ready.body.detail).toContain('deploy/temporal/register-search-attributes.sh');

      const worker = await runProcess(workerEntry, { TEMPORAL_NAMESPACE: namespace, LOG_LEVEL: 'warn' });
      expect(worker.code).toBe(1);
      expect(worker.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/lacks the search attributes.*register them with/),
      ]);
    } finally {
      await client.connection.close();
    }
  });
});

describe('the processes at start', () => {
  it('stop with one line naming the variable when a TLS file is missing or not PEM', async () => {
    const missing = join(dir, 'missing.pem');
    for (const entry of [workerEntry, apiEntry]) {
      const result = await runProcess(entry, { TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `Invalid configuration: TEMPORAL_TLS_SERVER_CA_CERT_PATH=${missing} cannot be read (ENOENT)`,
      ]);
    }
    const notPem = await runProcess(workerEntry, {
      TEMPORAL_TLS_CLIENT_CERT_PATH: ours.caKey,
      TEMPORAL_TLS_CLIENT_KEY_PATH: ours.clientKey,
    });
    expect(notPem.stderr.trim()).toMatch(
      /^Invalid configuration: TEMPORAL_TLS_CLIENT_CERT_PATH=\S+ does not hold a readable PEM certificate/,
    );
  });

  it('the worker stops with one line, no stack, when the server certificate is not trusted', async () => {
    const address = await tlsServer({ cert: theirs.serverCert, key: theirs.serverKey });
    const result = await runProcess(workerEntry, {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ours.caCert,
      // gRPC sends an IP address as SNI otherwise, and Node warns about that on stderr.
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
      LOG_LEVEL: 'warn',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Temporal is not ready: the TLS certificate of 127\.0\.0\.1:\d+ is not signed by a CA/),
    ]);
  });
});
