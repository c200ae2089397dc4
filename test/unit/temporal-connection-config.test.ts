import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../../services/worker/config';
import { ConfigError } from '../../services/shared/load-env';
import { readTemporalConnection } from '../../services/shared/temporal-connection-config';
import { makeCertificates, type TestCertificates } from '../helpers/certificates';

const S3_KEYS = { S3_ACCESS_KEY: 'test-access', S3_SECRET_KEY: 'test-secret-key' };

let dir: string;
let certs: TestCertificates;
let other: TestCertificates;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temporal-connection-config-'));
  certs = await makeCertificates(dir, 'unit');
  other = await makeCertificates(dir, 'other');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The one-line ConfigError a worker would print for `env`. */
function problemLine(env: Record<string, string>): string {
  try {
    loadWorkerConfig({ ...S3_KEYS, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message).toMatch(/^Invalid configuration: [^\n]+$/);
    return message;
  }
  throw new Error('expected a ConfigError');
}

function resolved(env: Record<string, string>) {
  const { config, problems } = readTemporalConnection(env);
  expect(problems).toEqual([]);
  return config!;
}

describe('readTemporalConnection: the standard variables', () => {
  it('defaults to a local server without TLS', () => {
    const config = resolved({});
    expect(config).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
    expect(config.connectionOptions.tls).toBeUndefined();
    expect(config.summary).toBe('127.0.0.1:7233, namespace default, no TLS');
  });

  it('reads address and namespace, and treats empty values as unset', () => {
    expect(resolved({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'ops' })).toMatchObject({
      address: 'temporal:7233',
      namespace: 'ops',
    });
    expect(resolved({ TEMPORAL_ADDRESS: '', TEMPORAL_TLS: '' }).address).toBe('127.0.0.1:7233');
  });

  it('maps mutual TLS files to the bytes of the certificate pair, the CA and the server name', async () => {
    const config = resolved({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert,
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
    });
    expect(config.connectionOptions.tls).toEqual({
      serverNameOverride: 'localhost',
      serverRootCACertificate: await readFile(certs.caCert),
      clientCertPair: {
        crt: await readFile(certs.clientCert),
        key: await readFile(certs.clientKey),
      },
    });
    expect(config.summary).toBe('temporal:7233, namespace default, mutual TLS');
  });

  it('takes PEM data as well as paths', async () => {
    const config = resolved({ TEMPORAL_TLS_SERVER_CA_CERT_DATA: await readFile(certs.caCert, 'utf8') });
    expect(config.connectionOptions.tls).toMatchObject({ serverRootCACertificate: expect.any(Uint8Array) });
  });

  it('turns TLS on for an API key and for TEMPORAL_TLS=true, and off for TEMPORAL_TLS=false', () => {
    const cloud = resolved({ TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
    expect(cloud.connectionOptions).toMatchObject({ apiKey: 'key', tls: true });
    expect(cloud.summary).toBe('ns.a1b2c.tmprl.cloud:7233, namespace default, TLS, API key');
    expect(resolved({ TEMPORAL_TLS: 'true' }).connectionOptions.tls).toMatchObject({});
    expect(resolved({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'key' }).connectionOptions.tls).toBe(false);
  });

  it('reads a TOML profile chosen by TEMPORAL_PROFILE, with the variables overriding it', async () => {
    const file = join(dir, 'temporal.toml');
    await writeFile(
      file,
      [
        '[profile.prod]',
        'address = "prod.example:7233"',
        'namespace = "operations"',
        '[profile.prod.tls]',
        `server_ca_cert_path = "${certs.caCert}"`,
      ].join('\n'),
    );
    const config = resolved({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'other' });
    expect(config).toMatchObject({ address: 'prod.example:7233', namespace: 'other' });
    expect(config.connectionOptions.tls).toMatchObject({ serverRootCACertificate: expect.any(Uint8Array) });
  });
});

describe('readTemporalConnection: bad values stop the process with one line naming the variable', () => {
  it.each([
    ['TEMPORAL_ADDRESS', 'temporal'],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233'],
    ['TEMPORAL_ADDRESS', 'temporal:99999'],
    ['TEMPORAL_NAMESPACE', 'two words'],
    ['TEMPORAL_TLS', 'yes'],
    ['TEMPORAL_TLS', 'TRUE'],
  ])('%s=%j', (name, value) => {
    expect(problemLine({ [name]: value })).toContain(`${name}=`);
  });

  it('a missing, unreadable or non-PEM TLS file', async () => {
    const missing = join(dir, 'missing.crt');
    expect(problemLine({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing })).toContain(
      `TEMPORAL_TLS_SERVER_CA_CERT_PATH=${missing} cannot be read (ENOENT)`,
    );
    const notPem = join(dir, 'not-pem.crt');
    await writeFile(notPem, 'hello');
    expect(problemLine({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: notPem })).toContain(
      `TEMPORAL_TLS_SERVER_CA_CERT_PATH=${notPem} is not PEM`,
    );
    // A key where a certificate belongs: PEM, but not a certificate.
    expect(
      problemLine({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientKey, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey }),
    ).toContain(`TEMPORAL_TLS_CLIENT_CERT_PATH=${certs.clientKey} does not hold a readable PEM certificate`);
    expect(
      problemLine({ TEMPORAL_TLS_CLIENT_KEY_DATA: 'junk', TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert }),
    ).toContain('TEMPORAL_TLS_CLIENT_KEY_DATA is not PEM');
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.key');
      await writeFile(locked, await readFile(certs.clientKey));
      await chmod(locked, 0o000);
      expect(
        problemLine({ TEMPORAL_TLS_CLIENT_KEY_PATH: locked, TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert }),
      ).toContain('cannot be read (EACCES)');
    }
  });

  it('a client certificate without its key, or with the key of another certificate', () => {
    expect(problemLine({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert })).toContain(
      'TEMPORAL_TLS_CLIENT_CERT_PATH is set without TEMPORAL_TLS_CLIENT_KEY_PATH',
    );
    expect(
      problemLine({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert, TEMPORAL_TLS_CLIENT_KEY_PATH: other.clientKey }),
    ).toContain(
      'TEMPORAL_TLS_CLIENT_KEY_PATH is not the private key of the certificate in TEMPORAL_TLS_CLIENT_CERT_PATH',
    );
  });

  it('a config file that is missing or not TOML, an unknown profile, a path and data both set', async () => {
    const missing = join(dir, 'missing.toml');
    expect(problemLine({ TEMPORAL_CONFIG_FILE: missing })).toContain(`TEMPORAL_CONFIG_FILE=${missing} cannot be read`);
    const broken = join(dir, 'broken.toml');
    await writeFile(broken, '[profile.default\naddress = ');
    expect(problemLine({ TEMPORAL_CONFIG_FILE: broken })).toContain(`TEMPORAL_CONFIG_FILE=${broken} cannot be used`);
    const file = join(dir, 'one-profile.toml');
    await writeFile(file, '[profile.default]\naddress = "a:1"\n');
    expect(problemLine({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' })).toContain(
      `TEMPORAL_PROFILE=prod names no profile in ${file}`,
    );
    expect(
      problemLine({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert, TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'x' }),
    ).toContain('TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_SERVER_CA_CERT_DATA');
  });

  it('names the TOML key when the bad value comes from the profile', async () => {
    const file = join(dir, 'bad-profile.toml');
    await writeFile(
      file,
      `[profile.default]\naddress = "nowhere"\n[profile.default.tls]\nclient_cert_path = "${certs.clientCert}"\n`,
    );
    const line = problemLine({ TEMPORAL_CONFIG_FILE: file });
    expect(line).toContain(`address of profile "default" in ${file}="nowhere" is invalid`);
    expect(line).toContain(`tls.client_cert_path of profile "default" in ${file} is set without`);
  });

  it('refuses TEMPORAL_TLS_DISABLE_HOST_VERIFICATION, which the TypeScript SDK would ignore', () => {
    expect(problemLine({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toContain(
      'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported',
    );
  });
});
