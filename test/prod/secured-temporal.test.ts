import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBinary, TEMPORAL_CLI, TEMPORAL_SERVER } from '../../dev/binaries';
import { freePort, freePorts } from '../../dev/ports';
import { liveProcessIds } from '../../dev/processes';
import { serviceEnvironment } from '../../dev/service-environment';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { signTestToken, TEST_JWT_SECRET } from '../helpers/api-test-app';
import { certificatePaths, makeCertificates } from '../helpers/certificates';
import { testClient, uniqueTaskQueue } from '../helpers/test-worker';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';
import { testServices } from '../helpers/test-services';
import { freeMembershipPorts } from './membership-ports';
import { startPostgres } from './postgres-server';
import { PROD_OPERATION_RETENTION } from './prod-services';
import { runDeployScript } from './run-deploy-script';
import { startTemporalServer } from './temporal-server';

const apiEntry = fileURLToPath(new URL('../../services/api/server.ts', import.meta.url));
const runDir = process.env.TEST_PROD_DIR!;
const DAY_SECONDS = 86_400;

let client: Client;
const processes: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  client = await testClient();
});

afterAll(async () => {
  for (const child of processes.reverse()) await child.stop();
  await client?.connection.close();
});

/** Starts the API process with `env` over the run's variables and polls /readyz until it answers 503. */
async function notReadyApi(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', apiEntry], {
    env: {
      ...process.env,
      ...serviceEnvironment(testServices()),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  processes.push({
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    },
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    if (answer) return { status: answer.status, body: (await answer.json()) as { detail: string }, output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API never answered /readyz:\n${output}`);
}

describe('the service on a TLS-only Temporal, configured by the standard variables alone', () => {
  it('runs an operation end to end through the API and worker processes', async () => {
    const taskQueue = uniqueTaskQueue('mtls');
    const worker: WorkerProcess = await startWorkerProcess(client, taskQueue);
    processes.push({ stop: () => worker.kill('SIGTERM') });
    const api: ApiProcess = await startApiProcess({
      port: await freePort(),
      services: testServices(),
      taskQueue,
      jwtSecret: TEST_JWT_SECRET,
    });
    processes.push(api);
    expect(serviceEnvironment(testServices())).toMatchObject({
      TEMPORAL_TLS_CLIENT_CERT_PATH: expect.any(String),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: expect.any(String),
    });
    const token = await signTestToken('mtls-user');
    const created = await apiRequest<{ id: string }>(`${api.url}/v1/operations`, {
      method: 'POST',
      token,
      body: { job: 'OperationExampleJob', params: { type: 'success', steps: 1, stepMs: 10 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let status = '';
    for (let attempt = 0; attempt < 300 && status !== 'completed'; attempt++) {
      status = (await apiRequest<{ status: string }>(`${api.url}/v1/operations/${created.body.id}`, { token })).body
        .status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('completed');
  });

  it('without a client certificate: one line at start, and /readyz answers 503 naming the cause', async () => {
    const ready = await notReadyApi({ TEMPORAL_TLS_CLIENT_CERT_PATH: '', TEMPORAL_TLS_CLIENT_KEY_PATH: '' });
    expect(ready.status).toBe(503);
    expect(ready.body.detail).toMatch(/refused the TLS handshake.*TEMPORAL_TLS_CLIENT_CERT_PATH/);
    expect(ready.output).toMatch(/Temporal is not ready: .*refused the TLS handshake/);
  });

  it('with a client certificate of another CA, or without trusting the server CA: 503 naming the cause', async () => {
    const other = await makeCertificates(runDir, 'stranger');
    const foreign = await notReadyApi({
      TEMPORAL_TLS_CLIENT_CERT_PATH: other.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: other.clientKey,
    });
    expect(foreign.status).toBe(503);
    expect(foreign.body.detail).toMatch(/TEMPORAL_TLS_CLIENT_CERT_PATH/);
    const untrusted = await notReadyApi({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '' });
    expect(untrusted.body.detail).toMatch(/not signed by a CA this service trusts.*TEMPORAL_TLS_SERVER_CA_CERT_PATH/);
  });
});

describe('deploy/temporal/register-search-attributes.sh', () => {
  const retentionSeconds = async () => {
    const { config } = await client.workflowService.describeNamespace({ namespace: testServices().namespace });
    return Number(config?.workflowExecutionRetentionTtl?.seconds);
  };

  it('gave the namespace the retention of OPERATION_RETENTION, and updates it when run again', async () => {
    expect(PROD_OPERATION_RETENTION).toBe('7d');
    expect(await retentionSeconds()).toBe(7 * DAY_SECONDS);
    const cli = (await resolveBinary(TEMPORAL_CLI, () => {})).path;
    const run = (retention: string) =>
      runDeployScript(
        'register-search-attributes.sh',
        { ...serviceEnvironment(testServices()), TEMPORAL_CLI: cli, OPERATION_RETENTION: retention },
        join(runDir, 'register-search-attributes-again.log'),
      );
    await run('3d');
    expect(await retentionSeconds()).toBe(3 * DAY_SECONDS);
    await run(PROD_OPERATION_RETENTION);
    expect(await retentionSeconds()).toBe(7 * DAY_SECONDS);
  });
});

describe('a server that fails to start', () => {
  it('PostgreSQL: one line with the cause and the log path, no process left', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as { port: number }).port;
    try {
      const before = liveProcessIds();
      const error = await startPostgres(join(runDir, 'postgres-taken-port'), port).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /^PostgreSQL stopped at start \(exit code \d+\): .*\(log: \S+postgres\.log\)$/,
      );
      expect((error as Error).message).not.toContain('\n');
      expect(liveProcessIds()).toEqual(before);
    } finally {
      taken.close();
    }
  });

  it('the Temporal server: one line with the cause and the log path, no process left', async () => {
    const dir = join(runDir, 'temporal-without-postgres');
    const [frontend, frontendHttp, history, matching, worker, closedPort] = await freePorts(6);
    const [frontendMembership, historyMembership, matchingMembership, workerMembership] = await freeMembershipPorts(4);
    const server = await startTemporalServer({
      binary: (await resolveBinary(TEMPORAL_SERVER, () => {})).path,
      dir,
      ports: {
        frontend: frontend!,
        frontendHttp: frontendHttp!,
        history: history!,
        matching: matching!,
        worker: worker!,
        frontendMembership: frontendMembership!,
        historyMembership: historyMembership!,
        matchingMembership: matchingMembership!,
        workerMembership: workerMembership!,
      },
      // Nothing listens there: the server cannot reach its database.
      postgres: { port: closedPort!, user: 'postgres' },
      certificates: certificatePaths(runDir, 'temporal'),
    });
    const error = await runDeployScript(
      'register-search-attributes.sh',
      { ...serviceEnvironment(testServices()), TEMPORAL_ADDRESS: server.address, MAX_ATTEMPTS: '60' },
      join(dir, 'register.log'),
      { process: server.process, logFile: server.logFile },
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^Temporal server stopped \(exit code \d+\) while register-search-attributes\.sh waited for it: .*\(log: \S+temporal-server\.log\)$/,
    );
    expect(server.process.exit()).not.toBeNull();
  });
});
