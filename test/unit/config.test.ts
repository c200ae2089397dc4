import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_ENV_VARIABLES, loadApiConfig } from '../../services/api/config';
import { ConfigError } from '../../services/shared/load-env';
import { WORKER_ENV_VARIABLES, loadWorkerConfig } from '../../services/worker/config';

const SECRET = 'a-test-secret-of-at-least-32-chars!';
const S3_KEYS = { S3_ACCESS_KEY: 'test-access', S3_SECRET_KEY: 'test-secret-key' };
const API_ENV = { ...S3_KEYS, AUTH_JWT_SECRET: SECRET };

/** Variables only the dev launcher (`npm start`, `npm test`) reads. */
const DEV_LAUNCHER_VARIABLES = [
  'TEMPORAL_CLI_PATH',
  'S3_SERVER_PATH',
  'TEMPORAL_OPERATIONS_CACHE',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'S3_PORT',
  'NATS_PORT',
  'NATS_SERVER_PATH',
];

/** Runs `load` and returns the ConfigError it must throw. */
function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

/** Whether the message names `name` as a variable with a bad value (not `METRICS_PORT=` for `PORT=`). */
function namesBadValue(message: string, name: string): boolean {
  return new RegExp(`(^|[^A-Z0-9_])${name}=`).test(message);
}

/** The message must be one line, so that a failed start prints exactly one line. */
function expectOneLineNaming(error: ConfigError, ...names: string[]): void {
  expect(error.message).toMatch(/^Invalid configuration: [^\n\r]+$/);
  for (const name of names) expect(error.message).toContain(name);
}

describe('loadApiConfig', () => {
  it('fills every default from a minimal environment', () => {
    const config = loadApiConfig(API_ENV);
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      AUTH_JWT_SECRET: SECRET,
      MAX_INPUT_FILE_BYTES: 100 * 1024 * 1024,
      TEMPORAL_CALL_TIMEOUT_MS: 5000,
      temporal: { address: '127.0.0.1:7233', namespace: 'default', connectionOptions: { address: '127.0.0.1:7233' } },
      TEMPORAL_TASK_QUEUE: 'operations',
      S3_ENDPOINT: 'http://127.0.0.1:7070',
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'operations',
      ...S3_KEYS,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts numbers and keeps given values', () => {
    const config = loadApiConfig({
      ...API_ENV,
      HOST: '0.0.0.0',
      PORT: '8080',
      METRICS_PORT: '9464',
      TEMPORAL_ADDRESS: 'temporal:7233',
      S3_ENDPOINT: 'http://minio:9000',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      HOST: '0.0.0.0',
      PORT: 8080,
      METRICS_PORT: 9464,
      temporal: { address: 'temporal:7233' },
      S3_ENDPOINT: 'http://minio:9000',
      LOG_LEVEL: 'debug',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadApiConfig({ ...API_ENV, PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('accepts a JWKS URL instead of a secret, with OPERATIONS_SECRET for page tokens and ids', () => {
    const jwks = { ...S3_KEYS, AUTH_JWKS_URL: 'https://auth.example.com/.well-known/jwks.json' };
    const config = loadApiConfig({ ...jwks, OPERATIONS_SECRET: 'o'.repeat(32) });
    expect(config.AUTH_JWKS_URL).toBe('https://auth.example.com/.well-known/jwks.json');
    expect(config.AUTH_JWT_SECRET).toBeUndefined();
    expectOneLineNaming(
      configError(() => loadApiConfig(jwks)),
      'OPERATIONS_SECRET is required when AUTH_JWKS_URL is the only authentication',
    );
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '8.5'],
    ['PORT', '0'],
    ['PORT', '0x50'],
    ['PORT', '1e3'],
    ['PORT', ' 80'],
    ['METRICS_PORT', '-1'],
    ['MAX_INPUT_FILE_BYTES', '0'],
    ['TEMPORAL_CALL_TIMEOUT_MS', '10'],
    ['LIVE_STREAMS_PER_USER', '0'],
    ['CREATES_PER_MINUTE_PER_USER', '0'],
    ['UPLOADS_MAX_PER_USER', '0'],
    ['UPLOAD_STALL_TIMEOUT_MS', '10'],
    ['TEMPORAL_ADDRESS', 'temporal'],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233'],
    ['TEMPORAL_NAMESPACE', 'two words'],
    ['S3_ENDPOINT', 'minio:9000'],
    ['S3_ENDPOINT', 'not a url'],
    ['S3_BUCKET', 'Upper_Case'],
    ['S3_PATH_STYLE', 'yes'],
    ['S3_REQUEST_TIMEOUT_MS', '10'],
    ['LOG_LEVEL', 'loud'],
    ['AUTH_JWT_SECRET', 'too-short'],
    ['AUTH_JWKS_URL', 'file:///etc/keys.json'],
  ])('refuses %s=%j with one line naming it', (name, value) => {
    const error = configError(() => loadApiConfig({ ...API_ENV, [name]: value }));
    expectOneLineNaming(error, `${name}=`);
    const named = API_ENV_VARIABLES.filter((variable) => namesBadValue(error.message, variable));
    expect(named).toEqual([name]);
  });

  it('keeps a newline in a bad value from breaking the line', () => {
    expectOneLineNaming(
      configError(() => loadApiConfig({ ...API_ENV, TEMPORAL_ADDRESS: 'a:1\nb:2' })),
      'TEMPORAL_ADDRESS',
    );
  });

  it('never prints a secret', () => {
    const error = configError(() => loadApiConfig({ ...API_ENV, AUTH_JWT_SECRET: 'hunter2-hunter2' }));
    expectOneLineNaming(error, 'AUTH_JWT_SECRET');
    expect(error.message).not.toContain('hunter2');
  });

  it('requires AUTH_JWT_SECRET or AUTH_JWKS_URL', () => {
    expectOneLineNaming(
      configError(() => loadApiConfig(S3_KEYS)),
      'AUTH_JWT_SECRET',
      'AUTH_JWKS_URL',
    );
  });

  it('takes both S3 keys or neither (then the AWS credential chain signs)', () => {
    expect(loadApiConfig({ AUTH_JWT_SECRET: SECRET }).S3_ACCESS_KEY).toBeUndefined();
    for (const one of [{ S3_ACCESS_KEY: 'k' }, { S3_SECRET_KEY: 's' }]) {
      expectOneLineNaming(
        configError(() => loadApiConfig({ AUTH_JWT_SECRET: SECRET, ...one })),
        'S3_ACCESS_KEY and S3_SECRET_KEY',
      );
    }
  });

  it('takes a session token only with the keys it belongs to', () => {
    expect(loadApiConfig({ ...API_ENV, S3_SESSION_TOKEN: 'token' }).S3_SESSION_TOKEN).toBe('token');
    const error = configError(() => loadApiConfig({ AUTH_JWT_SECRET: SECRET, S3_SESSION_TOKEN: 'token-value' }));
    expectOneLineNaming(error, 'S3_SESSION_TOKEN');
    expect(error.message).not.toContain('token-value');
  });

  it('names every bad variable at once', () => {
    const error = configError(() =>
      loadApiConfig({ S3_ACCESS_KEY: 'k', PORT: 'abc', LOG_LEVEL: 'loud', S3_ENDPOINT: 'minio' }),
    );
    expectOneLineNaming(
      error,
      'PORT=',
      'LOG_LEVEL=',
      'S3_ENDPOINT=',
      'S3_ACCESS_KEY and S3_SECRET_KEY',
      'AUTH_JWT_SECRET or AUTH_JWKS_URL',
    );
  });
});

describe('loadWorkerConfig', () => {
  it('fills every default from a minimal environment', () => {
    const config = loadWorkerConfig(S3_KEYS);
    expect(config).toMatchObject({
      WORKER_HEARTBEAT_THROTTLE_MS: 500,
      WORKER_MAX_CONCURRENT_JOBS: 200,
      WORKER_SHUTDOWN_GRACE_MS: 30_000,
      OPERATION_RETENTION: '7d',
      CLEANUP_INTERVAL: '1h',
      temporal: { address: '127.0.0.1:7233', namespace: 'default' },
      TEMPORAL_TASK_QUEUE: 'operations',
      S3_ENDPOINT: 'http://127.0.0.1:7070',
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'operations',
      ...S3_KEYS,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('needs no authentication settings', () => {
    expect(() => loadWorkerConfig(S3_KEYS)).not.toThrow();
  });

  it.each([
    ['WORKER_HEARTBEAT_THROTTLE_MS', '10'],
    ['WORKER_HEARTBEAT_THROTTLE_MS', 'fast'],
    ['WORKER_MAX_CONCURRENT_JOBS', '0'],
    ['WORKER_MAX_CONCURRENT_JOBS', '2.5'],
    ['WORKER_SHUTDOWN_GRACE_MS', '-1'],
    ['WORKER_METRICS_PORT', '70000'],
    ['WORKER_HEALTH_PORT', '0'],
    ['WORKER_WORKFLOW_BUNDLE_PATH', '/nonexistent/workflow-bundle.js'],
    ['OPERATION_RETENTION', '7 days'],
    ['OPERATION_RETENTION_FAILED', '1 week'],
    ['OPERATION_RETENTION_COMPLETED', '-1h'],
    ['CLEANUP_INTERVAL', '1.5h'],
    ['TEMPORAL_ADDRESS', 'temporal'],
    ['TEMPORAL_TASK_QUEUE', 'a/b'],
    ['S3_ENDPOINT', 'minio:9000'],
    ['S3_REQUEST_TIMEOUT_MS', '1.5'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses %s=%j with one line naming it', (name, value) => {
    const error = configError(() => loadWorkerConfig({ ...S3_KEYS, [name]: value }));
    expectOneLineNaming(error, `${name}=`);
    const named = WORKER_ENV_VARIABLES.filter((variable) => namesBadValue(error.message, variable));
    expect(named).toEqual([name]);
  });

  it('names every bad variable at once', () => {
    const error = configError(() =>
      loadWorkerConfig({ WORKER_METRICS_PORT: 'x', TEMPORAL_ADDRESS: 'temporal', S3_SECRET_KEY: 's' }),
    );
    expectOneLineNaming(error, 'WORKER_METRICS_PORT=', 'TEMPORAL_ADDRESS=', 'S3_ACCESS_KEY and S3_SECRET_KEY');
  });
});

describe('secrets from files (Compose and Kubernetes secrets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const secretFile = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const keyFiles = {
    S3_ACCESS_KEY_FILE: secretFile('access', 'file-access\n'),
    S3_SECRET_KEY_FILE: secretFile('secret', 'file-secret\r\n'),
  };

  it('reads each secret from its *_FILE, without the trailing newline', () => {
    const config = loadApiConfig({
      ...keyFiles,
      AUTH_JWT_SECRET_FILE: secretFile('jwt', `${SECRET}\n`),
      S3_SESSION_TOKEN_FILE: secretFile('token', 'file-token\n\n'),
    });
    expect(config).toMatchObject({
      AUTH_JWT_SECRET: SECRET,
      S3_ACCESS_KEY: 'file-access',
      S3_SECRET_KEY: 'file-secret',
      S3_SESSION_TOKEN: 'file-token',
    });
    expect(loadWorkerConfig(keyFiles)).toMatchObject({ S3_ACCESS_KEY: 'file-access', S3_SECRET_KEY: 'file-secret' });
  });

  it('keeps inner whitespace of a secret', () => {
    const config = loadApiConfig({ ...S3_KEYS, AUTH_JWT_SECRET_FILE: secretFile('spaced', ` ${SECRET} x\n`) });
    expect(config.AUTH_JWT_SECRET).toBe(` ${SECRET} x`);
  });

  it.each([
    ['AUTH_JWT_SECRET', 'api'],
    ['S3_ACCESS_KEY', 'api'],
    ['S3_SECRET_KEY', 'worker'],
    ['S3_SESSION_TOKEN', 'worker'],
  ] as const)('refuses %s set both ways (%s), naming both', (name, service) => {
    const env = { ...API_ENV, S3_SESSION_TOKEN: 'token', [`${name}_FILE`]: secretFile(`both-${name}`, 'x') };
    const load = service === 'api' ? loadApiConfig : loadWorkerConfig;
    const error = configError(() => load(env));
    expectOneLineNaming(error, `${name} and ${name}_FILE are both set`);
  });

  it('names the variable of a missing, unreadable or empty file in one line', () => {
    const unreadable = secretFile('unreadable', 'x');
    chmodSync(unreadable, 0o000);
    const cases = [
      ['AUTH_JWT_SECRET_FILE', join(dir, 'missing'), 'cannot be read (ENOENT)'],
      ['S3_SECRET_KEY_FILE', dir, 'cannot be read (EISDIR)'],
      ['S3_ACCESS_KEY_FILE', secretFile('empty', '\n'), 'is empty'],
    ];
    // As root, mode 000 does not stop a read; the directory case covers "cannot be read" there.
    if (process.getuid?.() !== 0) cases.push(['S3_SESSION_TOKEN_FILE', unreadable, 'cannot be read (EACCES)']);
    for (const [variable, path, why] of cases) {
      const error = configError(() =>
        loadApiConfig({ ...API_ENV, [variable!.replace('_FILE', '')]: '', [variable!]: path }),
      );
      expectOneLineNaming(error, `${variable}=${JSON.stringify(path)} ${why}`);
    }
  });

  it('lists every *_FILE variable among those the services read', () => {
    for (const name of ['AUTH_JWT_SECRET_FILE', 'S3_ACCESS_KEY_FILE', 'S3_SECRET_KEY_FILE', 'S3_SESSION_TOKEN_FILE']) {
      expect(API_ENV_VARIABLES).toContain(name);
    }
    expect(WORKER_ENV_VARIABLES).toEqual(
      expect.arrayContaining(['S3_ACCESS_KEY_FILE', 'S3_SECRET_KEY_FILE', 'S3_SESSION_TOKEN_FILE']),
    );
    expect(WORKER_ENV_VARIABLES).not.toContain('AUTH_JWT_SECRET_FILE');
  });
});

describe('object store over HTTPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  it('takes a CA file for an https endpoint, and virtual-host addressing', () => {
    const config = loadWorkerConfig({
      ...S3_KEYS,
      S3_ENDPOINT: 'https://s3.internal:9000',
      S3_CA_CERT_PATH: file('ca.pem', pem),
      S3_PATH_STYLE: 'false',
    });
    expect(config).toMatchObject({ S3_PATH_STYLE: false, S3_CA_CERT_PATH: join(dir, 'ca.pem') });
    expect(loadWorkerConfig(S3_KEYS)).toMatchObject({ S3_PATH_STYLE: true, S3_REQUEST_TIMEOUT_MS: 30_000 });
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.pem'), 'S3_CA_CERT_PATH=', 'cannot be read (ENOENT)'],
    ['a file that is not PEM', () => file('not.pem', 'hello'), 'S3_CA_CERT_PATH=', 'is not a PEM certificate'],
  ])('refuses %s with one line naming S3_CA_CERT_PATH', (_case, path, ...parts) => {
    const error = configError(() =>
      loadApiConfig({ ...API_ENV, S3_ENDPOINT: 'https://s3.internal', S3_CA_CERT_PATH: path() }),
    );
    expectOneLineNaming(error, ...parts);
  });

  it('refuses a CA file for a plain http endpoint', () => {
    const error = configError(() =>
      loadApiConfig({ ...API_ENV, S3_ENDPOINT: 'http://s3.internal', S3_CA_CERT_PATH: file('ca2.pem', pem) }),
    );
    expectOneLineNaming(error, 'S3_CA_CERT_PATH needs an https:// S3_ENDPOINT');
  });
});

describe('.env.example', () => {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const entries = lines.flatMap((line, index) => {
    const match = /^#? ?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return match ? [{ name: match[1]!, value: match[2]!, previous: lines[index - 1] ?? '' }] : [];
  });

  it('lists exactly the variables of the API, the worker and the dev launcher', () => {
    const names = entries.map((entry) => entry.name);
    expect(new Set(names).size, 'a variable is listed twice').toBe(names.length);
    const expected = new Set([...API_ENV_VARIABLES, ...WORKER_ENV_VARIABLES, ...DEV_LAUNCHER_VARIABLES]);
    expect([...names].sort()).toEqual([...expected].sort());
  });

  it('explains each variable in a comment line just above it', () => {
    for (const { name, previous } of entries) {
      expect(previous, `${name} has no comment above it`).toMatch(/^# \S/);
      expect(previous, `${name} has no comment above it`).not.toMatch(/^# ?[A-Z][A-Z0-9_]*=/);
    }
  });

  it('shows the defaults the code uses', () => {
    const api = loadApiConfig(API_ENV);
    const defaults: Record<string, unknown> = {
      ...loadWorkerConfig(S3_KEYS),
      ...api,
      TEMPORAL_ADDRESS: api.temporal.address,
      TEMPORAL_NAMESPACE: api.temporal.namespace,
    };
    for (const { name, value } of entries) {
      if (name in S3_KEYS || name === 'AUTH_JWT_SECRET' || !(name in defaults)) {
        expect(value, `${name} has no default in the code`).toBe('');
      } else {
        expect(value, `default of ${name}`).toBe(String(defaults[name]));
      }
    }
  });

  it('leaves every line commented, so that copying it to .env changes nothing', () => {
    for (const line of lines) expect(line === '' || line.startsWith('#'), line).toBe(true);
  });
});

describe('webhook endpoints (worker)', () => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const jobs = ['OperationExampleJob', 'ExportProductsJob'];

  it('reads comma-separated endpoints with their secret, and per-job lists that replace them', () => {
    const config = loadWorkerConfig(
      {
        ...S3_KEYS,
        WEBHOOK_URL: 'https://hooks.example/a, http://127.0.0.1:9000/b',
        WEBHOOK_SECRET: secret,
        WEBHOOK_URL_EXPORT_PRODUCTS_JOB: 'https://exports.example/hook',
      },
      jobs,
    );
    expect(config.webhooks.defaults.map((endpoint) => endpoint.url)).toEqual([
      'https://hooks.example/a',
      'http://127.0.0.1:9000/b',
    ]);
    expect(config.webhooks.byJob).toEqual({
      ExportProductsJob: [{ url: 'https://exports.example/hook', secret }],
    });
  });

  it('has no endpoint by default', () => {
    expect(loadWorkerConfig(S3_KEYS, jobs).webhooks).toEqual({ defaults: [], byJob: {} });
  });

  it.each([
    ['WEBHOOK_URL', 'ftp://hooks.example/a'],
    ['WEBHOOK_URL', 'https://ok.example/a,not a url'],
    ['WEBHOOK_URL', 'https://user:pass@hooks.example/a'],
    ['WEBHOOK_SECRET', 'not-a-whsec-secret'],
    ['WEBHOOK_SECRET', 'whsec_%%%%'],
    ['WEBHOOK_SECRET', 'whsec_c2hvcnQ='],
  ])('refuses %s=%j with one line naming it', (name, value) => {
    const env = { ...S3_KEYS, WEBHOOK_URL: 'https://hooks.example/a', WEBHOOK_SECRET: secret, [name]: value };
    const error = configError(() => loadWorkerConfig(env, jobs));
    expectOneLineNaming(error, `${name}=`);
    expect(error.message).not.toContain(secret);
    if (name === 'WEBHOOK_SECRET') expect(error.message).not.toContain(value);
  });

  it('needs a secret with an endpoint, and a per-job variable must name a job', () => {
    expectOneLineNaming(
      configError(() => loadWorkerConfig({ ...S3_KEYS, WEBHOOK_URL: 'https://hooks.example/a' }, jobs)),
      'WEBHOOK_SECRET is required',
    );
    expectOneLineNaming(
      configError(() =>
        loadWorkerConfig({ ...S3_KEYS, WEBHOOK_SECRET: secret, WEBHOOK_URL_NO_SUCH_JOB: 'https://a.example/' }, jobs),
      ),
      'WEBHOOK_URL_NO_SUCH_JOB names no registered job',
    );
  });
});
