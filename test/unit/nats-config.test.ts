import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../services/api/config';
import { ConfigError } from '../../services/shared/load-env';
import { natsConnectionOptions } from '../../services/shared/nats-config';
import { loadWorkerConfig } from '../../services/worker/config';

const BASE = {
  S3_ACCESS_KEY: 'test-access',
  S3_SECRET_KEY: 'test-secret-key',
  AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-chars!',
};
const SEED = `SU${'A'.repeat(56)}`;

function problem(env: Record<string, string>): string {
  try {
    loadApiConfig({ ...BASE, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the progress bus configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is off without NATS_URL, and takes one server or a cluster', () => {
    expect(natsConnectionOptions(loadApiConfig(BASE), 'api')).toBeNull();
    const cluster = loadWorkerConfig({ ...BASE, NATS_URL: 'nats://a:4222,nats://b:4222,tls://c:4222' });
    expect(natsConnectionOptions(cluster, 'worker')).toMatchObject({
      servers: ['nats://a:4222', 'nats://b:4222', 'tls://c:4222'],
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
      tls: {},
    });
  });

  it('refuses a bad URL, half a login, two ways to sign in and NATS settings without NATS_URL, in one line', () => {
    expect(problem({ NATS_URL: 'http://nats:4222' })).toMatch(/NATS_URL="http:\/\/nats:4222" is invalid/);
    expect(problem({ NATS_URL: 'nats://n:4222', NATS_USER: 'api' })).toMatch(/NATS_USER and NATS_PASSWORD go together/);
    expect(problem({ NATS_URL: 'nats://n:4222', NATS_USER: 'api', NATS_PASSWORD: 'pw', NATS_NKEY_SEED: SEED })).toMatch(
      /NATS_USER and NATS_NKEY_SEED are both set/,
    );
    expect(problem({ NATS_USER: 'api', NATS_PASSWORD: 'pw' })).toMatch(/NATS_USER, NATS_PASSWORD need NATS_URL/);
    expect(problem({ NATS_URL: 'nats://n:4222', NATS_CREDS_FILE: join(dir, 'missing.creds') })).toMatch(
      /NATS_CREDS_FILE=".*missing.creds" cannot be read \(ENOENT\)/,
    );
    expect(problem({ NATS_URL: 'nats://n:4222', NATS_TLS_CERT: join(dir, 'missing.pem') })).toMatch(
      /NATS_TLS_CERT and NATS_TLS_KEY go together/,
    );
    expect(problem({ NATS_URL: 'nats://n:4222', NATS_USER: 'api' }).split('\n')).toHaveLength(1);
  });

  it('reads the password and the nkey seed from files, and never prints them', () => {
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'from-a-file\n');
    const config = loadApiConfig({
      ...BASE,
      NATS_URL: 'nats://n:4222',
      NATS_USER: 'api',
      NATS_PASSWORD_FILE: passwordFile,
    });
    expect(natsConnectionOptions(config, 'api')).toMatchObject({ user: 'api', pass: 'from-a-file' });
    const seedFile = join(dir, 'seed');
    writeFileSync(seedFile, `${SEED}\n`);
    const withSeed = loadWorkerConfig({ ...BASE, NATS_URL: 'nats://n:4222', NATS_NKEY_SEED_FILE: seedFile });
    expect(natsConnectionOptions(withSeed, 'worker')?.authenticator).toBeTypeOf('function');
    const bad = problem({ NATS_URL: 'nats://n:4222', NATS_NKEY_SEED: 'SUnot-a-seed-at-all' });
    expect(bad).toMatch(/NATS_NKEY_SEED=<hidden, 19 characters> is invalid/);
  });
});
