import { Type, type Static } from 'typebox';
import { loadEnv } from '../shared/load-env';
import { Duration } from '../shared/duration';
import { loggingConfig, objectStoreConfig, port, temporalConfig } from '../shared/config-parts';
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
  OPERATION_RETENTION: Duration('how long finished operations keep their files', '7d'),
  CLEANUP_INTERVAL: Duration('how often expired files are removed', '1h'),
  ...temporalConfig,
  ...objectStoreConfig,
  ...loggingConfig,
});

/** The worker's configuration, read once at start; `temporal` comes from Temporal's standard variables. */
export type WorkerConfig = Static<typeof WorkerConfig> & { temporal: TemporalConnectionConfig };

/** Reads and validates the worker's environment; throws one `ConfigError` naming every bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const temporal = readTemporalConnection(env);
  const config = loadEnv(WorkerConfig, env, temporal.problems);
  return Object.freeze({ ...config, temporal: temporal.config! });
}

/** Every variable the worker reads, for docs and the compose check. */
export const WORKER_ENV_VARIABLES = [...Object.keys(WorkerConfig.properties), ...TEMPORAL_CONNECTION_VARIABLES];
