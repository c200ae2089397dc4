import { Client } from 'minio';

/** Where the object store is and how to sign in; the S3_* variables of the API and the worker. */
export interface ObjectStoreConfig {
  /** The server URL, e.g. http://127.0.0.1:7070. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** Bytes per part of a multipart upload; minio buffers one part per upload in memory. @default 64 MiB */
  partSize?: number;
}

/** One bucket of an S3-compatible server, through the `minio` client. */
export interface ObjectStore {
  client: Client;
  bucket: string;
  /** Creates the bucket when it does not exist yet. */
  ensureBucket(): Promise<void>;
  /** A real request (does the bucket exist?), bounded by `timeoutMs`; rejects when the store cannot serve. */
  ping(timeoutMs?: number): Promise<void>;
}

/** Builds the object store client; it makes no request until used. */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  const url = new URL(config.endpoint);
  const useSSL = url.protocol === 'https:';
  const client = new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: config.region,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    ...(config.partSize === undefined ? {} : { partSize: config.partSize }),
    // Bucket in the path: local servers (versitygw, MinIO) have no per-bucket host names.
    pathStyle: true,
  });
  const { bucket } = config;
  return {
    client,
    bucket,
    async ensureBucket() {
      if (await client.bucketExists(bucket)) return;
      try {
        await client.makeBucket(bucket, config.region);
      } catch (error) {
        // Another process may have created it in between.
        if (!(await client.bucketExists(bucket))) throw error;
      }
    },
    async ping(timeoutMs = 3000) {
      const exists = await withTimeout(
        client.bucketExists(bucket),
        timeoutMs,
        `the object store at ${config.endpoint}`,
      );
      if (!exists) throw new Error(`bucket ${bucket} does not exist at ${config.endpoint}`);
    },
  };
}

/** The minio client has no request timeout, so readiness checks race one. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
