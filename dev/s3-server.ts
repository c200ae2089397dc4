import { mkdir } from 'node:fs/promises';
import { serverEnvironment } from './server-environment';
import { isAbsolute, join } from 'node:path';
import { createObjectStore, type ObjectStore } from '@temporal-operations/jobs';
import { DevServicesError } from './dev-services-error';
import { assertPortFree, LOOPBACK } from './ports';
import { spawnManaged, type ManagedProcess } from './processes';
import { waitUntilReady } from './wait-until-ready';

export interface S3ServerOptions {
  /** Path of the `versitygw` binary. */
  binary: string;
  port: number;
  /** Absolute directory that holds `data/` (the buckets) and `meta/` (object metadata). */
  dir: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** Appends the server's own log here. */
  logFile?: string;
  /** How to pick another port, for the "port in use" line, e.g. "set S3_PORT". */
  portHint?: string;
  readyTimeoutMs?: number;
  /** Serve HTTPS with this PEM certificate and key; clients must trust its CA (`caCert`, PEM text, passed on to them). */
  tls?: { certFile: string; keyFile: string; caCert?: string };
}

/** Where an S3 client finds the server. */
export interface S3Coordinates {
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** PEM of the CA that signed an https server's certificate. */
  caCert?: string;
}

export interface S3Server extends S3Coordinates {
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The argv of `versitygw` v1.7.0 with the posix backend. Global flags (`--access`, `--secret`,
 * `--port`, `--region`, `--quiet`) go before `posix`, as its urfave/cli parser requires.
 * Metadata goes to a sidecar directory, outside the bucket root, because not every filesystem
 * has xattrs; both must be absolute since versitygw changes into the root.
 */
export function s3ServerArgs(options: Pick<S3ServerOptions, 'port' | 'dir' | 'region' | 'tls'>): string[] {
  if (!isAbsolute(options.dir)) throw new Error(`the S3 data directory must be absolute: ${options.dir}`);
  const { data, meta } = s3Directories(options.dir);
  return [
    '--port',
    `${LOOPBACK}:${options.port}`,
    '--region',
    options.region,
    ...(options.tls ? ['--cert', options.tls.certFile, '--key', options.tls.keyFile] : []),
    '--quiet',
    'posix',
    '--sidecar',
    meta,
    data,
  ];
}

function s3Directories(dir: string) {
  return { data: join(dir, 'data'), meta: join(dir, 'meta') };
}

/** Starts versitygw, waits until a real S3 request answers, and creates the bucket if missing. */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  await assertPortFree(options.port, 'S3 server', options.portHint ?? 'pick another port');
  const { data, meta } = s3Directories(options.dir);
  await mkdir(data, { recursive: true });
  await mkdir(meta, { recursive: true });

  const endpoint = `${options.tls ? 'https' : 'http'}://${LOOPBACK}:${options.port}`;
  const child = spawnManaged({
    name: 'S3 server',
    command: options.binary,
    args: s3ServerArgs(options),
    // Keys go through the environment, not argv, so `ps` does not show them.
    env: serverEnvironment({ ROOT_ACCESS_KEY_ID: options.accessKey, ROOT_SECRET_ACCESS_KEY: options.secretKey }),
    logFile: options.logFile,
  });
  const coordinates: S3Coordinates = {
    endpoint,
    region: options.region,
    bucket: options.bucket,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    ...(options.tls?.caCert ? { caCert: options.tls.caCert } : {}),
  };
  try {
    const store = createObjectStore(coordinates);
    await waitUntilReady(() => ensureBucketOnceListening(store, endpoint), {
      what: `S3 server on ${endpoint}`,
      process: child,
      timeoutMs: options.readyTimeoutMs,
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { ...coordinates, process: child, stop: () => child.stop() };
}

/**
 * Until the server listens, requests fail with a socket error (ECONNREFUSED…), worth retrying.
 * Any other error (a bad bucket name, refused keys) is an answer that waiting will not change.
 */
async function ensureBucketOnceListening(store: ObjectStore, endpoint: string): Promise<void> {
  try {
    await store.ensureBucket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall !== undefined || error instanceof AggregateError) throw error;
    throw new DevServicesError(
      `could not create the bucket ${store.bucket} on ${endpoint}: ${(error as Error).message}`,
    );
  }
}
