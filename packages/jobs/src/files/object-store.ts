import { Client } from 'minio';
import { boundedTransport, BoundedIamAwsProvider } from './object-store-transport';

/** Where the object store is and how to sign in; the S3_* variables of the API and the worker. */
export interface ObjectStoreConfig {
  /** The server URL, e.g. http://127.0.0.1:7070. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Static keys; without them the AWS credential chain (web identity, container, instance role) signs. */
  accessKey?: string;
  secretKey?: string;
  /** The session token of temporary static keys. */
  sessionToken?: string;
  /** PEM of the CA that signed an https endpoint's certificate; it replaces the public CAs for this endpoint. */
  caCert?: string;
  /** The bucket in the path (any S3 server) or in the host name (virtual-host style). @default true */
  pathStyle?: boolean;
  /** How long one request may wait for the server to answer, in ms. @default 30000 */
  requestTimeoutMs?: number;
  /** Bytes per part of a multipart upload; minio buffers one part per upload in memory. @default 64 MiB */
  partSize?: number;
}

/** Same as S3_REQUEST_TIMEOUT_MS's default. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

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
  const timeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const staticKeys = config.accessKey !== undefined && config.secretKey !== undefined;
  const client = new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: config.region,
    ...(staticKeys
      ? { accessKey: config.accessKey, secretKey: config.secretKey, sessionToken: config.sessionToken }
      : { credentialsProvider: new BoundedIamAwsProvider(timeoutMs) }),
    ...(config.partSize === undefined ? {} : { partSize: config.partSize }),
    // Path style by default: local servers (versitygw, MinIO) have no per-bucket host names.
    pathStyle: config.pathStyle ?? true,
    transport: boundedTransport(useSSL ? 'https:' : 'http:', timeoutMs, `the object store at ${config.endpoint}`),
  });
  if (config.caCert) client.setRequestOptions({ ca: config.caCert });
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
