/**
 * The compose stack's S3 scripts (deploy/s3/) run here as Compose runs them, against the real
 * versitygw: the server with root keys from secret files, then the setup that gives the
 * services a least-privilege account owning the bucket.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore, type ObjectStore } from '../../packages/jobs/src/files/object-store';
import { resolveBinary, S3_SERVER } from '../../dev/binaries';
import { freePort } from '../../dev/ports';
import { spawnManaged, type ManagedProcess } from '../../dev/processes';
import { waitUntilReady } from '../../dev/wait-until-ready';

const run = promisify(execFile);
const script = (name: string) => fileURLToPath(new URL(`../../deploy/s3/${name}`, import.meta.url));

const BUCKET = 'operations';
const root = { accessKey: 'root-admin', secretKey: randomBytes(18).toString('base64url') };
const service = { accessKey: 'operations-service', secretKey: randomBytes(18).toString('base64url') };

let dir: string;
let server: ManagedProcess | undefined;
let endpoint: string;
let secretEnv: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-setup-'));
  const secret = async (name: string, value: string) => {
    const path = join(dir, name);
    await writeFile(path, `${value}\n`);
    return path;
  };
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  secretEnv = {
    VERSITYGW: (await resolveBinary(S3_SERVER, () => {})).path,
    ROOT_ACCESS_KEY_FILE: await secret('root-access', root.accessKey),
    ROOT_SECRET_KEY_FILE: await secret('root-secret', root.secretKey),
    S3_ACCESS_KEY_FILE: await secret('service-access', service.accessKey),
    S3_SECRET_KEY_FILE: await secret('service-secret', service.secretKey),
  };
  server = spawnManaged({
    name: 'versitygw (start-s3-server.sh)',
    command: 'sh',
    args: [script('start-s3-server.sh')],
    env: {
      PATH: process.env.PATH,
      ...secretEnv,
      VGW_PORT: `127.0.0.1:${port}`,
      DATA_DIR: join(dir, 'data', 'buckets'),
      META_DIR: join(dir, 'data', 'meta'),
      IAM_DIR: join(dir, 'data', 'iam'),
    },
  });
  await waitUntilReady(
    async () => {
      const response = await fetch(`${endpoint}/health`);
      if (!response.ok) throw new Error(`/health answered ${response.status}`);
    },
    { what: `versitygw on ${endpoint}`, process: server, timeoutMs: 30_000 },
  );
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const setup = (env: Record<string, string> = {}) =>
  run('sh', [script('setup-s3.sh')], {
    env: { PATH: process.env.PATH, ...secretEnv, S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, ...env },
  });

const storeFor = (keys: { accessKey: string; secretKey: string }): ObjectStore =>
  createObjectStore({ endpoint, region: 'us-east-1', bucket: BUCKET, ...keys });

describe('deploy/s3/setup-s3.sh', () => {
  it('creates the service account and its bucket, and is safe to run again', async () => {
    expect((await setup()).stdout).toContain(`Created the S3 account ${service.accessKey} (role user)`);
    const again = await setup();
    expect(again.stdout).toContain(`Updated the S3 account ${service.accessKey}`);
    expect(again.stdout).toContain(`Bucket ${BUCKET} is owned by ${service.accessKey}`);
  });

  it('gives the service what it needs in its bucket: write (multipart too), read, list, delete', async () => {
    const store = createObjectStore({ endpoint, region: 'us-east-1', bucket: BUCKET, ...service, partSize: 5 << 20 });
    expect(await store.client.bucketExists(BUCKET)).toBe(true);
    const bytes = randomBytes(6 << 20);
    await store.client.putObject(BUCKET, 'operations/op_1/output/x', bytes);
    expect((await store.client.statObject(BUCKET, 'operations/op_1/output/x')).size).toBe(bytes.length);
    const listed = await store.client.listObjectsV2(BUCKET, 'operations/', true).toArray();
    expect(listed.map((item: { name?: string }) => item.name)).toEqual(['operations/op_1/output/x']);
    const uploads = await store.client.listIncompleteUploadsQuery(BUCKET, 'operations/', '', '', '');
    expect(uploads.uploads).toEqual([]);
    await store.client.removeObject(BUCKET, 'operations/op_1/output/x');
  });

  it('gives the service nothing else: no new buckets, no other bucket', async () => {
    await storeFor(root).client.makeBucket('root-only', 'us-east-1');
    const store = storeFor(service);
    await expect(store.client.makeBucket('service-made', 'us-east-1')).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(store.client.putObject('root-only', 'x', Buffer.from('x'))).rejects.toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('refuses to make the root account the service account', async () => {
    const error = await setup({ S3_ACCESS_KEY_FILE: secretEnv.ROOT_ACCESS_KEY_FILE! }).then(
      () => new Error('setup succeeded'),
      (failure: { stderr: string }) => failure,
    );
    expect((error as { stderr?: string }).stderr).toContain('must not be the root account');
  });
});
