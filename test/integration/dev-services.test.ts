import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { resolveBinary, S3_SERVER, TEMPORAL_CLI } from '../../dev/binaries';
import { startDevServices } from '../../dev/dev-services';
import { freePort } from '../../dev/ports';
import { isProcessRunning, liveProcessIds } from '../../dev/processes';
import { startS3Server } from '../../dev/s3-server';
import { startTemporalDevServer } from '../../dev/temporal-dev-server';
import { OPERATION_SEARCH_ATTRIBUTES, userIdSearchAttribute } from '../../packages/client/src/contract/definitions';
import { testServices } from '../helpers/test-services';

const KEYWORD = encodeSearchAttributeIndexedValueType('KEYWORD');
const services = testServices();
const log = () => {};

async function customSearchAttributes(address: string, namespace: string) {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('the dev services of this run', () => {
  it('answer: Temporal over gRPC, S3 over HTTP', async () => {
    const connection = await Connection.connect({ address: services.temporalAddress });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBe('1.29.1');
    } finally {
      await connection.close();
    }
    await createObjectStore(services.s3).ping();
  });

  it('have the three search attributes, as Keyword', async () => {
    const attributes = await customSearchAttributes(services.temporalAddress, services.namespace);
    for (const { name } of OPERATION_SEARCH_ATTRIBUTES) expect(attributes[name], name).toBe(KEYWORD);
  });

  it('are used as they are when TEMPORAL_ADDRESS, S3_ENDPOINT and NATS_URL name them: nothing starts', async () => {
    const { s3 } = services;
    expect(services.natsUrl, 'this run has a NATS server').toBeTruthy();
    const env = {
      NATS_URL: services.natsUrl!,
      TEMPORAL_ADDRESS: services.temporalAddress,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: 'external-check',
    };
    const external = await startDevServices({ env, log, namespace: services.namespace });
    expect(external.processIds).toEqual([]);
    expect(external.temporalAddress).toBe(services.temporalAddress);
    expect(external.s3).toMatchObject({ endpoint: s3.endpoint, bucket: 'external-check' });
    expect(external.natsUrl).toBe(services.natsUrl);
    expect(await createObjectStore(external.s3).client.bucketExists('external-check')).toBe(true);
    await external.stop();
  });
});

describe('a Temporal dev server on an existing SQLite file', () => {
  let dir: string;
  let binary: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temporal-db-'));
    binary = (await resolveBinary(TEMPORAL_CLI, log)).path;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gets the search attributes it lacks, and stops leaving no process', async () => {
    const base = { binary, uiPort: null, dbFile: join(dir, 'temporal.db'), namespace: 'default', log };
    const first = await startTemporalDevServer({
      ...base,
      port: await freePort(),
      searchAttributes: [userIdSearchAttribute],
    });
    await first.stop();
    expect(isProcessRunning(first.process.pid)).toBe(false);

    const lines: string[] = [];
    const port = await freePort();
    const second = await startTemporalDevServer({
      ...base,
      port,
      searchAttributes: OPERATION_SEARCH_ATTRIBUTES,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toEqual(['registered search attributes operationJob, operationStatus in default']);
      const attributes = await customSearchAttributes(second.address, 'default');
      for (const { name } of OPERATION_SEARCH_ATTRIBUTES) expect(attributes[name], name).toBe(KEYWORD);
    } finally {
      await second.stop();
    }
    expect(isProcessRunning(second.process.pid)).toBe(false);
  });
});

describe('a port already taken', () => {
  it('is named in one line, and nothing is left running', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const temporalBinary = (await resolveBinary(TEMPORAL_CLI, log)).path;
      await expect(
        startTemporalDevServer({
          binary: temporalBinary,
          port,
          uiPort: null,
          dbFile: null,
          namespace: 'default',
          searchAttributes: [],
          log,
          portHints: { port: 'set TEMPORAL_PORT' },
        }),
      ).rejects.toThrow(
        `port ${port} for the Temporal gRPC frontend is already in use on 127.0.0.1: stop what uses it or set TEMPORAL_PORT`,
      );

      const dir = await mkdtemp(join(tmpdir(), 's3-'));
      const s3Options = { port, dir, region: 'us-east-1', bucket: 'b', accessKey: 'k', secretKey: 's' };
      await expect(startS3Server({ ...s3Options, binary: (await resolveBinary(S3_SERVER, log)).path })).rejects.toThrow(
        `port ${port} for the S3 server is already in use`,
      );
      await rm(dir, { recursive: true, force: true });
    } finally {
      taken.close();
    }
  });
});

describe('an S3 server', () => {
  const options = async () => ({
    binary: (await resolveBinary(S3_SERVER, log)).path,
    port: await freePort(),
    dir: await mkdtemp(join(tmpdir(), 's3-')),
    region: 'us-east-1',
    accessKey: 'test-key',
    secretKey: 'test-secret',
  });

  it('stops leaving no process', async () => {
    const settings = await options();
    const server = await startS3Server({ ...settings, bucket: 'test-bucket' });
    await createObjectStore(server).ping();
    await server.stop();
    expect(isProcessRunning(server.process.pid)).toBe(false);
    await rm(settings.dir, { recursive: true, force: true });
  });

  it('fails at once on a bucket it cannot create, and stops', async () => {
    const started = Date.now();
    const settings = await options();
    await expect(startS3Server({ ...settings, bucket: 'b' })).rejects.toThrow(
      /^could not create the bucket b on http:\/\/127.0.0.1:\d+: Invalid bucket name: b$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(liveProcessIds()).toEqual([]);
    await rm(settings.dir, { recursive: true, force: true });
  });
});
