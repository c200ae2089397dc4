import { accessSync, constants } from 'node:fs';
import { Type, type Static } from 'typebox';
import { loadEnv } from '../shared/load-env';
import { tracingConfig } from '../shared/tracing-config';
import { Duration, OptionalDuration } from '../shared/duration';
import { NATS_SECRETS, natsConfig, natsProblems } from '../shared/nats-config';
import {
  loggingConfig,
  OBJECT_STORE_SECRETS,
  objectStoreConfig,
  objectStoreProblems,
  port,
  temporalConfig,
} from '../shared/config-parts';
import { fileVariable, resolveSecretFiles } from '../shared/secret-files';
import type { WebhookEndpoints } from '@temporal-operations/jobs';
import { readWebhookEndpoints } from './webhook-config';
import {
  readTemporalConnection,
  TEMPORAL_CONNECTION_VARIABLES,
  type TemporalConnectionConfig,
} from '../shared/temporal-connection-config';

const WorkerConfig = Type.Object({
  WORKER_HEARTBEAT_THROTTLE_MS: Type.Integer({
    minimum: 50,
    maximum: 60_000,
    default: 500,
    description: 'the most often a job sends progress to Temporal, in ms',
  }),
  WORKER_MAX_CONCURRENT_JOBS: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 200,
    description: 'jobs one worker runs at once',
  }),
  WORKER_SHUTDOWN_GRACE_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 30_000,
    description: 'how long running jobs may finish after SIGTERM, in ms',
  }),
  WORKER_METRICS_PORT: Type.Optional(port("a port for the worker's Prometheus /metrics; unset serves none")),
  WORKER_HEALTH_PORT: Type.Optional(port("a port for the worker's /healthz and /readyz probes; unset serves none")),
  WORKER_WORKFLOW_BUNDLE_PATH: Type.Optional(
    Type.String({ minLength: 1, description: 'a workflow bundle built by npm run build:workflows' }),
  ),
  OPERATION_RETENTION: Duration('how long finished operations keep their files', '7d'),
  OPERATION_RETENTION_COMPLETED: Type.Optional(
    OptionalDuration('how long completed operations keep their files (default OPERATION_RETENTION)'),
  ),
  OPERATION_RETENTION_FAILED: Type.Optional(
    OptionalDuration('how long failed operations keep their files (default OPERATION_RETENTION)'),
  ),
  OPERATION_RETENTION_CANCELED: Type.Optional(
    OptionalDuration('how long canceled operations keep their files (default OPERATION_RETENTION)'),
  ),
  CLEANUP_INTERVAL: Duration('how often expired files are removed', '1h'),
  ...temporalConfig,
  ...natsConfig,
  ...objectStoreConfig,
  ...loggingConfig,
  ...tracingConfig,
});

/** The worker's configuration, read once at start; `temporal` comes from Temporal's standard variables. */
export type WorkerConfig = Static<typeof WorkerConfig> & {
  temporal: TemporalConnectionConfig;
  /** The operator's webhook endpoints (WEBHOOK_URL, WEBHOOK_SECRET and their per-job forms). */
  webhooks: WebhookEndpoints;
};

/** Reads and validates the worker's environment; throws one `ConfigError` naming every bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env, jobNames: readonly string[] = []): WorkerConfig {
  const secrets = resolveSecretFiles(env, WORKER_SECRETS);
  const temporal = readTemporalConnection(secrets.env);
  const webhooks = readWebhookEndpoints(secrets.env, jobNames);
  const config = loadEnv(WorkerConfig, secrets.env, [
    ...secrets.problems,
    ...objectStoreProblems(secrets.env),
    ...natsProblems(secrets.env),
    ...bundleProblems(secrets.env.WORKER_WORKFLOW_BUNDLE_PATH),
    ...temporal.problems,
    ...webhooks.problems,
  ]);
  return Object.freeze({ ...config, temporal: temporal.config!, webhooks: webhooks.endpoints });
}

/** The worker's variables that hold secrets; each can come from a file named by `<NAME>_FILE` instead. */
const WORKER_SECRETS = [...OBJECT_STORE_SECRETS, ...NATS_SECRETS, 'WEBHOOK_SECRET'];

/** A prebuilt bundle that is missing would otherwise fail deep inside Worker.create. */
function bundleProblems(path: string | undefined): string[] {
  if (!path) return [];
  try {
    accessSync(path, constants.R_OK);
    return [];
  } catch (error) {
    return [
      `WORKER_WORKFLOW_BUNDLE_PATH=${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code})`,
    ];
  }
}

/** Every variable the worker reads, for docs and the compose check. */
export const WORKER_ENV_VARIABLES = [
  ...Object.keys(WorkerConfig.properties),
  ...TEMPORAL_CONNECTION_VARIABLES,
  ...WORKER_SECRETS.map(fileVariable),
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
];
