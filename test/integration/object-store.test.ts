import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { testServices } from '../helpers/test-services';

const store = createObjectStore(testServices().s3);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('the object store', () => {
  it('answers ping and keeps ensureBucket idempotent', async () => {
    await expect(store.ensureBucket()).resolves.toBeUndefined();
    await expect(store.ensureBucket()).resolves.toBeUndefined();
    expect(await store.client.bucketExists(store.bucket)).toBe(true);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('fails ping for a missing bucket and for a server that is not there', async () => {
    const missing = createObjectStore({ ...testServices().s3, bucket: `missing-${randomUUID()}` });
    await expect(missing.ping()).rejects.toThrow(/does not exist/);
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, 'close');
    const nowhere = createObjectStore({ ...testServices().s3, endpoint: `http://127.0.0.1:${port}` });
    await expect(nowhere.ping(2000)).rejects.toThrow();
  });

  it('stores and returns an object', async () => {
    const key = `test/${randomUUID()}.txt`;
    await store.client.putObject(store.bucket, key, Buffer.from('hello, operations\n'), undefined, {
      'Content-Type': 'text/plain',
    });
    const stat = await store.client.statObject(store.bucket, key);
    expect(stat.size).toBe(18);
    expect(stat.metaData['content-type']).toBe('text/plain');
    expect((await readAll(await store.client.getObject(store.bucket, key))).toString()).toBe('hello, operations\n');
  });

  it('serves a presigned GET to a plain fetch', async () => {
    const key = `test/${randomUUID()}.csv`;
    const body = Buffer.from('id,name\n1,Item 1\n');
    await store.client.putObject(store.bucket, key, body);
    const url = await store.client.presignedGetObject(store.bucket, key, 60);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);

    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Expires', '600');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('uploads 20 MiB from a stream in parts and returns it byte for byte', async () => {
    const key = `test/${randomUUID()}.bin`;
    const data = randomBytes(20 * 1024 * 1024);
    const chunks = Array.from({ length: data.length / (1024 * 1024) }, (_, i) =>
      data.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
    );
    // A stream of unknown size in 5 MiB parts: minio uploads it as a multipart upload of 4 parts.
    const partStore = createObjectStore({ ...testServices().s3, partSize: 5 * 1024 * 1024 });
    const uploaded = await partStore.client.putObject(store.bucket, key, Readable.from(chunks));
    // A multipart ETag ends in -<number of parts>.
    expect(uploaded.etag).toMatch(/-4$/);

    const stat = await store.client.statObject(store.bucket, key);
    expect(stat.size).toBe(data.length);
    const back = await readAll(await store.client.getObject(store.bucket, key));
    expect(back.length).toBe(data.length);
    expect(sha256(back)).toBe(sha256(data));
    expect(back.equals(data)).toBe(true);
  });
});
