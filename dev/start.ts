/**
 * `npm start`: the whole stack on this machine. A Temporal dev server and an S3 server with
 * their state under `.data/`, a NATS server (the progress bus), then the API and a worker as child processes. Ctrl-C stops the
 * children, then the servers, and leaves no process behind.
 */
import { privateDir } from './private-dir';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TASK_QUEUE } from '@temporal-operations/client';
import { ConfigError } from '../services/shared/load-env';
import { DEMO_TOKEN_LIFETIME, signDemoToken } from './demo-token';
import { loadDevSecrets } from './dev-secrets';
import { startDevServices, type DevServices } from './dev-services';
import { DevServicesError } from './dev-services-error';
import { assertPortFree, LOOPBACK } from './ports';
import { spawnManaged, stopAllProcesses, type ManagedProcess } from './processes';
import { loadStartConfig } from './start-config';
import { waitUntilReady } from './wait-until-ready';
import { serviceEnvironment } from './service-environment';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = fileURLToPath(new URL('../.data', import.meta.url));
const API_ENTRY = 'services/api/server.ts';
const WORKER_ENTRY = 'services/worker/worker.ts';

const log = (line: string) => console.log(`[start] ${line}`);
let stopping = false;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadStartConfig();
  const apiUrl = `http://${LOOPBACK}:${config.PORT}`;
  // Checked first, so a busy API port does not cost a server start.
  await assertPortFree(config.PORT, 'API', 'set PORT');
  await privateDir(dataDir);
  const secrets = await loadDevSecrets(dataDir);

  const services = await startDevServices({
    dataDir,
    temporalPort: config.TEMPORAL_PORT,
    temporalUiPort: config.TEMPORAL_UI_PORT,
    s3Port: config.S3_PORT,
    natsPort: config.NATS_PORT,
    ui: true,
    s3Credentials: { accessKey: secrets.s3AccessKey, secretKey: secrets.s3SecretKey },
    portHints: {
      temporal: 'set TEMPORAL_PORT',
      temporalUi: 'set TEMPORAL_UI_PORT',
      s3: 'set S3_PORT',
      nats: 'set NATS_PORT',
    },
    log,
  });
  const servicesReadyMs = performance.now() - startedAt;

  const jwtSecret = process.env.AUTH_JWT_SECRET || (process.env.AUTH_JWKS_URL ? undefined : secrets.jwtSecret);
  // The generated dev secret serves as OPERATIONS_SECRET when a JWKS replaces it for tokens.
  const env = childEnvironment(services, config.PORT, jwtSecret, secrets.jwtSecret);
  const api = spawnService('API', API_ENTRY, env);
  const worker = spawnService('worker', WORKER_ENTRY, env);
  watch([api, worker]);

  await waitUntilReady(() => healthy(`${apiUrl}/healthz`), { what: `API on ${apiUrl}`, process: api });
  const token = jwtSecret
    ? await signDemoToken({
        secret: jwtSecret,
        issuer: process.env.AUTH_JWT_ISSUER,
        audience: process.env.AUTH_JWT_AUDIENCE,
      })
    : null;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      '',
      `temporal-operations is running (servers ready in ${seconds(servicesReadyMs)}, API in ${seconds(performance.now() - startedAt)})`,
      `  API          ${apiUrl}   (docs: ${apiUrl}/docs)`,
      `  Demo page    ${apiUrl}/demo${token ? `#token=${token}` : ''}`,
      `  Temporal UI  ${services.temporalUiUrl ?? `none (external Temporal at ${services.temporalAddress})`}`,
      `  Temporal     ${services.temporalAddress}, namespace ${services.namespace}`,
      `  S3           ${services.s3.endpoint}, bucket ${services.s3.bucket}`,
      `  NATS         ${services.natsUrl ?? 'none (progress by polling Temporal)'}`,
      token
        ? `  Demo token   (user demo, valid ${DEMO_TOKEN_LIFETIME})\n${token}`
        : '  Demo token   none: AUTH_JWKS_URL is set, so tokens come from your identity provider',
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

/** What the API and the worker need to reach the servers just started (explicit variables win where they may). */
function childEnvironment(
  services: DevServices,
  port: number,
  jwtSecret: string | undefined,
  operationsSecret: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    ...serviceEnvironment(services),
    TEMPORAL_TASK_QUEUE: process.env.TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    ...(jwtSecret ? { AUTH_JWT_SECRET: jwtSecret } : {}),
    // With a JWKS alone the API needs a secret of its own for page tokens and idempotent ids.
    ...(!jwtSecret && !process.env.OPERATIONS_SECRET ? { OPERATIONS_SECRET: operationsSecret } : {}),
    // Ctrl-C in development should not wait half a minute for running jobs.
    WORKER_SHUTDOWN_GRACE_MS: process.env.WORKER_SHUTDOWN_GRACE_MS || '5000',
  };
}

/** Runs a TypeScript entry point with node and the tsx loader: one process, signals go straight to it. */
function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv): ManagedProcess {
  return spawnManaged({
    name,
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), entry],
    cwd: root,
    env,
    output: 'inherit',
  });
}

/** A child that dies on its own takes the whole stack down with it, with one line saying which. */
function watch(children: ManagedProcess[]): void {
  for (const child of children) {
    void child.exited.then((exit) => {
      if (stopping) return;
      const how = exit.error?.message ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
      void shutDown(1, `the ${child.name} stopped unexpectedly (${how}); stopping everything`);
    });
  }
}

async function healthy(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** Stops the children newest first (worker and API, then S3, then Temporal) and exits. */
async function shutDown(code: number, reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (code === 0) log(reason);
  else console.error(`[start] ${reason}`);
  await stopAllProcesses();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutDown(0, `${signal}: stopping…`));
}

main().catch((error: unknown) => {
  const known = error instanceof DevServicesError || error instanceof ConfigError;
  const message = known
    ? `error: ${error.message}`
    : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  void shutDown(1, message);
});
