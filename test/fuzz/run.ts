/**
 * `npm run test:fuzz`: fuzzes the API from its own OpenAPI document with schemathesis.
 * Starts Temporal and S3 (dev services on free ports), a worker and the API as child
 * processes, runs schemathesis with a valid token and a bounded number of examples, stops
 * everything, and exits with schemathesis's code (non-zero on any finding).
 *
 * Environment: FUZZ_MAX_EXAMPLES (default 25), FUZZ_SEED (default: a fixed seed, so a run
 * can be repeated), SCHEMATHESIS (the command, default `schemathesis`), FUZZ_REPORT_DIR
 * (default test-results/fuzz: JUnit report and a pytest file that reproduces each finding).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SignJWT } from 'jose';
import { startDevServices, type DevServices } from '../../dev/dev-services';
import { freePort } from '../../dev/ports';
import { spawnManaged, type ManagedProcess } from '../../dev/processes';
import { apiRequest, startApiProcess, type ApiProcess } from '../helpers/api-process';
import { serviceEnvironment } from '../../dev/service-environment';

/** The version .ci/run installs (test/fuzz/requirements.txt); another one only warns. */
const PINNED_SCHEMATHESIS = '4.32.5';
const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance'];
const TASK_QUEUE = 'fuzz';
const workerEntry = fileURLToPath(new URL('../../services/worker/worker.ts', import.meta.url));
const log = (line: string) => console.log(`[fuzz] ${line}`);

async function main(): Promise<number> {
  const command = process.env.SCHEMATHESIS || 'schemathesis';
  checkSchemathesis(command);
  const maxExamples = process.env.FUZZ_MAX_EXAMPLES || '25';
  const seed = process.env.FUZZ_SEED || '20260101';
  const reportDir = resolve(process.env.FUZZ_REPORT_DIR || 'test-results/fuzz');

  let services: DevServices | undefined;
  let worker: ManagedProcess | undefined;
  let api: ApiProcess | undefined;
  try {
    // No progress bus: the fuzzing is about the HTTP surface.
    services = await startDevServices({ log, nats: false });
    const env = {
      ...serviceEnvironment(services),
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      LOG_LEVEL: 'warn',
      WORKER_SHUTDOWN_GRACE_MS: '1000',
    };
    worker = spawnManaged({
      name: 'worker',
      command: process.execPath,
      args: ['--import', 'tsx', workerEntry],
      // Failed example jobs are expected here; the worker would log each one at WARN with a stack.
      env: { ...process.env, ...env, LOG_LEVEL: 'error' },
      output: 'inherit',
    });
    const jwtSecret = randomBytes(32).toString('base64url');
    api = await startApiProcess({
      port: await freePort(),
      services,
      taskQueue: TASK_QUEUE,
      jwtSecret,
      // The fuzzer creates many operations as one user; the per-user limit would answer most with 429.
      env: { LOG_LEVEL: 'error', CREATES_PER_MINUTE_PER_USER: '1000000' },
    });
    await waitForWorker(services, worker);
    log(
      `API on ${api.url}, worker polling; running schemathesis (${maxExamples} examples per operation, seed ${seed})`,
    );

    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fuzz-user')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(jwtSecret));
    const ids = await createOperations(api.url, token);
    const configFile = join(reportDir, 'schemathesis.toml');
    await mkdir(reportDir, { recursive: true });
    // Most generated ids name nothing (404); real ones let the fuzzer reach the routes' own logic.
    await writeFile(
      configFile,
      [
        '[dictionaries.operation-ids]',
        `values = ${JSON.stringify(ids)}`,
        '[parameters]',
        '"path.id" = { dictionary = "operation-ids", probability = 0.5 }',
        '',
      ].join('\n'),
    );
    const args = [
      '--config-file',
      configFile,
      'run',
      `${api.url}/openapi.json`,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      maxExamples,
      '--seed',
      seed,
      '--header',
      `Authorization: Bearer ${token}`,
      // An event stream stays open while its operation runs: bound every request.
      '--request-timeout',
      '15',
      '--workers',
      '2',
      '--report',
      'junit,pytest',
      '--report-dir',
      reportDir,
      // Tokens must not end up in the reports.
      '--output-sanitize',
      'true',
    ];
    // Run there: schemathesis and hypothesis keep their caches (.schemathesis/, .hypothesis/) in the working directory.
    const child = spawn(command, args, { stdio: 'inherit', cwd: reportDir });
    const [code] = (await once(child, 'exit')) as [number | null];
    log(code === 0 ? 'no findings' : `schemathesis exited with ${code}: see above and ${reportDir}/`);
    return code ?? 1;
  } finally {
    await api?.stop('SIGTERM');
    await worker?.stop(5000);
    await services?.stop();
  }
}

/** Operations of the fuzz user in each state: running, completed with a file, failed, completed. */
async function createOperations(url: string, token: string): Promise<string[]> {
  const examples = [
    { type: 'cancellable', steps: 20, stepMs: 500 },
    { type: 'file', steps: 3 },
    { type: 'failed', stepMs: 10 },
    { type: 'action' },
  ];
  const ids: string[] = [];
  for (const params of examples) {
    const answer = await apiRequest<{ id: string }>(`${url}/v1/operations`, {
      method: 'POST',
      token,
      body: { job: 'OperationExampleJob', params },
    });
    if (answer.status !== 201) throw new Error(`could not create an operation: ${JSON.stringify(answer.body)}`);
    ids.push(answer.body.id);
  }
  return ids;
}

function checkSchemathesis(command: string): void {
  const version = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error(`${command} is not installed: pip install -r test/fuzz/requirements.txt`);
  }
  if (!version.stdout.includes(PINNED_SCHEMATHESIS)) {
    log(`warning: ${version.stdout.trim()} is not the pinned ${PINNED_SCHEMATHESIS}`);
  }
}

/** The worker bundles the workflows at start; reads of running operations need it polling. */
async function waitForWorker(services: DevServices, worker: ManagedProcess): Promise<void> {
  const connection = await Connection.connect({ address: services.temporalAddress });
  const client = new Client({ connection, namespace: services.namespace });
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (worker.exit()) throw new Error('the worker process exited before it polled');
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: services.namespace,
        taskQueue: { name: TASK_QUEUE },
        taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if ((pollers?.length ?? 0) > 0) return;
      await sleep(250);
    }
    throw new Error('the worker did not poll within 120 s');
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[fuzz] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
