import { mkdtemp, stat, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { privateDir } from '../../dev/private-dir';
import { serverEnvironment } from '../../dev/server-environment';

describe('serverEnvironment', () => {
  it("passes a child server the basics and its own variables, never the launcher's credentials", () => {
    const env = serverEnvironment(
      { ROOT_ACCESS_KEY_ID: 'own-key' },
      {
        PATH: '/usr/bin',
        HOME: '/root',
        LANG: 'C.UTF-8',
        AUTH_JWT_SECRET: 'jwt-secret',
        S3_SECRET_KEY: 's3-secret',
        S3_ACCESS_KEY: 's3-key',
        TEMPORAL_API_KEY: 'api-key',
        TEMPORAL_TLS_CLIENT_KEY_DATA: 'pem',
        TEMPORAL_ADDRESS: 'elsewhere:7233',
        AWS_SECRET_ACCESS_KEY: 'aws',
      },
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/root', LANG: 'C.UTF-8', ROOT_ACCESS_KEY_ID: 'own-key' });
  });
});

describe('privateDir', () => {
  it('makes the data directory readable by its owner only, also when it existed before', async () => {
    const root = await mkdtemp(join(tmpdir(), 'private-dir-'));
    const fresh = join(root, 'fresh', '.data');
    await privateDir(fresh);
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
    const existing = join(root, 'existing');
    await mkdir(existing);
    await chmod(existing, 0o755);
    await privateDir(existing);
    expect((await stat(existing)).mode & 0o777).toBe(0o700);
  });
});
