import { Type, type Static } from 'typebox';
import { loadEnv } from '../shared/load-env';
import {
  loggingConfig,
  OBJECT_STORE_SECRETS,
  objectStoreConfig,
  objectStoreProblems,
  port,
  temporalConfig,
} from '../shared/config-parts';
import { fileVariable, resolveSecretFiles } from '../shared/secret-files';
import {
  readTemporalConnection,
  TEMPORAL_CONNECTION_VARIABLES,
  type TemporalConnectionConfig,
} from '../shared/temporal-connection-config';
import { tracingConfig } from '../shared/tracing-config';
import { parseCorsOrigins, parseFrameAncestors } from './origins';
import { NATS_SECRETS, natsConfig, natsProblems } from '../shared/nats-config';

const ApiConfig = Type.Object({
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'the address the API listens on' }),
  PORT: port('the API port', 3000),
  METRICS_PORT: Type.Optional(port('a separate port for /metrics; unset serves it on PORT')),
  OPERATIONS_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'the key of page tokens and idempotent operation ids, at least 32 characters; default: derived from AUTH_JWT_SECRET',
    }),
  ),
  AUTH_JWT_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: 'the HS256 secret, at least 32 characters' }),
  ),
  AUTH_JWKS_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'a JWKS URL for RS256/ES256 tokens' }),
  ),
  AUTH_JWT_ISSUER: Type.Optional(Type.String({ minLength: 1, description: 'the required iss claim' })),
  AUTH_JWT_AUDIENCE: Type.Optional(Type.String({ minLength: 1, description: 'the required aud claim' })),
  MAX_INPUT_FILE_BYTES: Type.Integer({
    minimum: 1,
    default: 100 * 1024 * 1024,
    description: 'the largest input file, in bytes',
  }),
  TEMPORAL_CALL_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 5000,
    description: 'deadline of each Temporal call, in ms',
  }),
  UPLOADS_MAX_CONCURRENT: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 32,
    description: 'multipart uploads in progress at once in one API process (one more answers 429)',
  }),
  UPLOADS_MAX_PER_USER: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 4,
    description: 'multipart uploads one user may have in progress at once in one API process',
  }),
  UPLOAD_STALL_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 600_000,
    default: 30_000,
    description: 'an upload that brings less than UPLOAD_STALL_MIN_BYTES in this many ms is ended (408)',
  }),
  UPLOAD_STALL_MIN_BYTES: Type.Integer({
    minimum: 1,
    default: 64 * 1024,
    description: 'the fewest bytes an upload must bring in each UPLOAD_STALL_TIMEOUT_MS',
  }),
  TRUST_PROXY: Type.Optional(
    Type.String({
      // true, a hop count, or comma-separated addresses/CIDRs of the proxies.
      pattern: '^(true|[0-9]{1,2}|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$',
      description:
        "behind a TLS-terminating proxy: true, the number of proxy hops, or the proxies' addresses/CIDRs (comma-separated)",
    }),
  ),
  JOB_CATALOG_REFRESH_MS: Type.Integer({
    minimum: 1000,
    maximum: 3_600_000,
    default: 10_000,
    description:
      'how old the list of jobs other workers published (the job catalog in the object store) may be before GET /v1/jobs reads it again; an unknown job name reads it at once (at most once a second)',
  }),
  CREATES_PER_MINUTE_PER_USER: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 120,
    description: 'operations one user may start per minute in one API process (one more answers 429)',
  }),
  LIVE_STREAMS_PER_USER: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 20,
    description: 'event streams one user may hold open at once in one API process',
  }),
  CORS_ORIGINS: Type.Optional(
    Type.String({
      description:
        'comma-separated exact origins (https://app.example.com) whose pages may call the API from the browser; default: none',
    }),
  ),
  FRAME_ANCESTORS: Type.Optional(
    Type.String({
      description:
        "space- or comma-separated origins (or 'self', 'none') that may embed the status pages in a frame; default: 'self'",
    }),
  ),
  LIVE_RECONCILE_MS: Type.Integer({
    minimum: 1000,
    maximum: 60_000,
    default: 10_000,
    description:
      'with the progress bus, how often a watched operation whose bus messages paused is read from Temporal, in ms',
  }),
  ...temporalConfig,
  ...natsConfig,
  ...objectStoreConfig,
  ...loggingConfig,
  ...tracingConfig,
});

/** The API's configuration, read once at start; `temporal` comes from Temporal's standard variables. */
export type ApiConfig = Static<typeof ApiConfig> & {
  temporal: TemporalConnectionConfig;
  /** CORS_ORIGINS parsed: the exact origins allowed cross-origin requests (empty: CORS is off). */
  corsOrigins: readonly string[];
  /** FRAME_ANCESTORS parsed: the pages' CSP `frame-ancestors` sources. */
  frameAncestors: readonly string[];
};

/** The API's variables that hold secrets; each can come from a file named by `<NAME>_FILE` instead. */
export const API_SECRETS = ['AUTH_JWT_SECRET', 'OPERATIONS_SECRET', ...OBJECT_STORE_SECRETS, ...NATS_SECRETS];

/** Reads and validates the API's environment; throws one `ConfigError` naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const secrets = resolveSecretFiles(env, API_SECRETS);
  const resolved = secrets.env;
  // Checked on the raw values so that it is reported together with any other bad variable.
  const auth =
    resolved.AUTH_JWT_SECRET || resolved.AUTH_JWKS_URL ? [] : ['AUTH_JWT_SECRET or AUTH_JWKS_URL is required'];
  // Page tokens and idempotent ids need a secret every API process shares; a JWKS is public.
  const serverSecret =
    resolved.AUTH_JWKS_URL && !resolved.AUTH_JWT_SECRET && !resolved.OPERATIONS_SECRET
      ? ['OPERATIONS_SECRET is required when AUTH_JWKS_URL is the only authentication (no AUTH_JWT_SECRET)']
      : [];
  const temporal = readTemporalConnection(resolved);
  const cors = parseCorsOrigins('CORS_ORIGINS', resolved.CORS_ORIGINS);
  const frameAncestors = parseFrameAncestors('FRAME_ANCESTORS', resolved.FRAME_ANCESTORS);
  const config = loadEnv(ApiConfig, resolved, [
    ...secrets.problems,
    ...auth,
    ...serverSecret,
    ...objectStoreProblems(resolved),
    ...natsProblems(resolved),
    ...temporal.problems,
    ...cors.problems,
    ...frameAncestors.problems,
  ]);
  return Object.freeze({
    ...config,
    temporal: temporal.config!,
    corsOrigins: Object.freeze(cors.origins),
    frameAncestors: Object.freeze(frameAncestors.origins),
  });
}

/** Fastify's `trustProxy` for TRUST_PROXY: whose X-Forwarded-For and X-Forwarded-Proto to believe. */
export function trustProxyOption(
  value: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (/^[0-9]{1,2}$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',');
}

/** Every variable the API reads, for docs and the compose check. */
export const API_ENV_VARIABLES = [
  ...Object.keys(ApiConfig.properties),
  ...TEMPORAL_CONNECTION_VARIABLES,
  ...API_SECRETS.map(fileVariable),
];
