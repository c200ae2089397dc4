import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../services/api/config';
import { ConfigError } from '../../services/shared/load-env';
import { startTracing } from '../../services/shared/tracing';
import { loadWorkerConfig } from '../../services/worker/config';

const S3_KEYS = { S3_ACCESS_KEY: 'test-access', S3_SECRET_KEY: 'test-secret-key' };
const LOADERS = [
  ['API', (env: NodeJS.ProcessEnv) => loadApiConfig({ ...S3_KEYS, AUTH_JWT_SECRET: 'x'.repeat(32), ...env })],
  ['worker', (env: NodeJS.ProcessEnv) => loadWorkerConfig({ ...S3_KEYS, ...env })],
] as const;

function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe.each(LOADERS)('tracing variables of the %s', (_service, load) => {
  it('default to tracing off, over http/protobuf once an endpoint is set', () => {
    const config = load({});
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('http/protobuf');
    expect(startTracing(config, 'test').enabled).toBe(false);
  });

  it('accept the standard endpoint and protocol values', () => {
    const config = load({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel-collector.example:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'operations-eu',
    });
    expect(config).toMatchObject({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'operations-eu' });
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', 'grpc is not supported'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http', 'http/protobuf or http/json'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'otel-collector:4318', 'OTLP/HTTP collector base URL'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'grpc://collector:4317', 'full OTLP/HTTP traces URL'],
  ])('refuse %s=%j with one line naming it', (name, value, explanation) => {
    const message = errorOf(() => load({ [name]: value }));
    expect(message).toMatch(/^Invalid configuration: [^\n]+$/);
    expect(message).toContain(`${name}=${JSON.stringify(value)} is invalid`);
    expect(message).toContain(explanation);
  });
});
