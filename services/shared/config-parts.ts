import { readFileSync } from 'node:fs';
import { Type } from 'typebox';
import type { ObjectStoreConfig } from '@temporal-operations/jobs';

const port = (description: string, defaultValue?: number) =>
  Type.Integer({ minimum: 1, maximum: 65535, description, ...(defaultValue ? { default: defaultValue } : {}) });

/**
 * The task queue, shared by the API and the worker. Where Temporal is and how to reach it come
 * from Temporal's standard variables instead (temporal-connection-config.ts).
 */
export const temporalConfig = {
  TEMPORAL_TASK_QUEUE: Type.String({
    pattern: '^[A-Za-z0-9._-]{1,255}$',
    default: 'operations',
    description: 'a task queue name',
  }),
};

/** Where files live: any S3-compatible server. */
export const objectStoreConfig = {
  S3_ENDPOINT: Type.String({
    pattern: '^https?://[^\\s/]+(:\\d+)?/?$',
    default: 'http://127.0.0.1:7070',
    description: 'the S3 server URL, e.g. http://127.0.0.1:7070',
  }),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1', description: 'the S3 region' }),
  S3_BUCKET: Type.String({
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    default: 'operations',
    description: 'an S3 bucket name',
  }),
  S3_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'the S3 access key' })),
  S3_SECRET_KEY: Type.Optional(Type.String({ minLength: 1, description: 'the S3 secret key' })),
  S3_SESSION_TOKEN: Type.Optional(Type.String({ minLength: 1, description: 'the session token of temporary S3 keys' })),
  S3_CA_CERT_PATH: Type.Optional(
    Type.String({ minLength: 1, description: 'a PEM file of the CA that signed the S3 server certificate' }),
  ),
  S3_PATH_STYLE: Type.Boolean({
    default: true,
    description: 'true for the bucket in the path, false for the bucket in the host name',
  }),
  S3_REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 30_000,
    description: 'how long one S3 request may wait for the server to answer, in ms',
  }),
};

/** The object store's variables that hold secrets, also readable from `<NAME>_FILE`. */
export const OBJECT_STORE_SECRETS = ['S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_SESSION_TOKEN'] as const;

/**
 * Rules that span several S3_* variables, checked on the raw (secret-file resolved) values so
 * they are reported with any other bad variable. Without static keys the AWS credential chain
 * (web identity, container or instance role) signs the requests.
 */
export function objectStoreProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (Boolean(env.S3_ACCESS_KEY) !== Boolean(env.S3_SECRET_KEY)) {
    problems.push('S3_ACCESS_KEY and S3_SECRET_KEY go together (set both, or neither for the AWS credential chain)');
  }
  if (env.S3_SESSION_TOKEN && !env.S3_ACCESS_KEY) {
    problems.push('S3_SESSION_TOKEN needs S3_ACCESS_KEY and S3_SECRET_KEY (the temporary keys it belongs to)');
  }
  const caPath = env.S3_CA_CERT_PATH;
  if (caPath) {
    if (env.S3_ENDPOINT && !env.S3_ENDPOINT.startsWith('https://')) {
      problems.push(`S3_CA_CERT_PATH needs an https:// S3_ENDPOINT (S3_ENDPOINT=${JSON.stringify(env.S3_ENDPOINT)})`);
    }
    const pem = readPem(caPath);
    if (typeof pem !== 'string') problems.push(`S3_CA_CERT_PATH=${JSON.stringify(caPath)} ${pem.problem}`);
  }
  return problems;
}

function readPem(path: string): string | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  return text.includes('-----BEGIN CERTIFICATE-----') ? text : { problem: 'is not a PEM certificate' };
}

export const loggingConfig = {
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'one of fatal, error, warn, info, debug, trace, silent' },
  ),
};

export { port };

/** The object store's settings, from a service's validated S3_* variables. */
export function objectStoreSettings(config: {
  S3_ENDPOINT: string;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY?: string;
  S3_SECRET_KEY?: string;
  S3_SESSION_TOKEN?: string;
  S3_CA_CERT_PATH?: string;
  S3_PATH_STYLE: boolean;
  S3_REQUEST_TIMEOUT_MS: number;
}): ObjectStoreConfig {
  return {
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    sessionToken: config.S3_SESSION_TOKEN,
    // Checked by objectStoreProblems when the configuration was loaded.
    caCert: config.S3_CA_CERT_PATH ? readFileSync(config.S3_CA_CERT_PATH, 'utf8') : undefined,
    pathStyle: config.S3_PATH_STYLE,
    requestTimeoutMs: config.S3_REQUEST_TIMEOUT_MS,
  };
}
