import { Type } from 'typebox';

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
  S3_ACCESS_KEY: Type.String({ minLength: 1, description: 'the S3 access key' }),
  S3_SECRET_KEY: Type.String({ minLength: 1, description: 'the S3 secret key' }),
};

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
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
}) {
  return {
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
  };
}
