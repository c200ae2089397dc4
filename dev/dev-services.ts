import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { privateDir } from './private-dir';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OPERATION_SEARCH_ATTRIBUTES } from '@temporal-operations/client';
import { NATS_SERVER, resolveBinary, S3_SERVER, TEMPORAL_CLI } from './binaries';
import type { Log } from './dev-services-error';
import { externalS3, externalTemporal } from './external-services';
import { freePorts } from './ports';
import { startNatsServer } from './nats-server';
import { startS3Server, type S3Coordinates } from './s3-server';
import { startTemporalDevServer } from './temporal-dev-server';

export interface DevServicesOptions {
  /** Keeps state here (`temporal.db`, `s3/`, `logs/`). Absent: Temporal in memory, S3 in a temp dir removed at stop. */
  dataDir?: string;
  /** Ports default to free ones. */
  temporalPort?: number;
  temporalUiPort?: number;
  s3Port?: number;
  natsPort?: number;
  /** Start (or take NATS_URL's) NATS server for the progress bus; false runs without a bus. @default true */
  nats?: boolean;
  /** Serve the Temporal web UI. @default false */
  ui?: boolean;
  /** @default TEMPORAL_NAMESPACE or 'default' */
  namespace?: string;
  /** Keys of a started S3 server. @default random ones */
  s3Credentials?: { accessKey: string; secretKey: string };
  /** @default S3_BUCKET or 'operations' */
  bucket?: string;
  /** @default S3_REGION or 'us-east-1' */
  region?: string;
  /** How to pick another port, for a "port in use" line, e.g. `{ s3: 'set S3_PORT' }`. */
  portHints?: { temporal?: string; temporalUi?: string; s3?: string; nats?: string };
  /** Read for TEMPORAL_ADDRESS (or TEMPORAL_PROFILE and the other standard TEMPORAL_* variables), S3_ENDPOINT (and their S3_* keys), NATS_URL, the binary paths and the cache. @default process.env */
  env?: NodeJS.ProcessEnv;
  log: Log;
}

export interface DevServices {
  /** host:port of the Temporal frontend. */
  temporalAddress: string;
  /** The other standard TEMPORAL_* variables (TLS, API key, profile) of an external server. */
  temporalEnv?: Record<string, string>;
  /** Null when headless or external. */
  temporalUiUrl: string | null;
  namespace: string;
  s3: S3Coordinates;
  /** The progress bus: the NATS server started here or NATS_URL's; null without a bus. */
  natsUrl: string | null;
  /** Pids of the servers started here (none for external services). */
  processIds: number[];
  /** Stops what was started here; external services are left alone. */
  stop(): Promise<void>;
}

/**
 * Provides a Temporal server, an S3 server and a NATS server. Each is, in this order: the
 * external service named by TEMPORAL_ADDRESS / S3_ENDPOINT / NATS_URL (nothing is started), or
 * a local server from the binary in TEMPORAL_CLI_PATH / S3_SERVER_PATH / NATS_SERVER_PATH, the
 * cached build, or a fresh `go install`. An external NATS is not waited for: the API and the
 * worker run without it and connect once it answers.
 */
export async function startDevServices(options: DevServicesOptions): Promise<DevServices> {
  const env = options.env ?? process.env;
  const namespace = options.namespace ?? (env.TEMPORAL_NAMESPACE || 'default');
  const bucket = options.bucket ?? (env.S3_BUCKET || 'operations');
  const region = options.region ?? (env.S3_REGION || 'us-east-1');
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  const logDir = dataDir === null ? null : join(dataDir, 'logs');
  if (dataDir !== null) await privateDir(dataDir);
  if (logDir !== null) await mkdir(logDir, { recursive: true });

  // Builds run one after the other: two Go builds at once are no faster on a small machine.
  // A TOML profile names a server as well as TEMPORAL_ADDRESS does.
  const externalTemporalServer = Boolean(env.TEMPORAL_ADDRESS || env.TEMPORAL_PROFILE);
  const temporalBinary = externalTemporalServer ? null : await resolveBinary(TEMPORAL_CLI, options.log, env);
  const s3Binary = env.S3_ENDPOINT ? null : await resolveBinary(S3_SERVER, options.log, env);
  const natsBinary = options.nats === false || env.NATS_URL ? null : await resolveBinary(NATS_SERVER, options.log, env);
  const s3Dir =
    s3Binary === null ? null : dataDir ? join(dataDir, 's3') : await mkdtemp(join(tmpdir(), 'temporal-operations-s3-'));
  const removeTempDir = async () => {
    if (s3Dir !== null && dataDir === null) await rm(s3Dir, { recursive: true, force: true });
  };
  // All ports are known before either server starts, so a failed start is always awaited below.
  const spare = await freePorts(4);
  const temporalPort = options.temporalPort ?? (spare[0] as number);
  const temporalUiPort = options.ui ? (options.temporalUiPort ?? (spare[1] as number)) : null;
  const s3Port = options.s3Port ?? (spare[2] as number);
  const natsPort = options.natsPort ?? (spare[3] as number);

  const temporal = temporalBinary
    ? startTemporalDevServer({
        binary: temporalBinary.path,
        port: temporalPort,
        uiPort: temporalUiPort,
        dbFile: dataDir === null ? null : join(dataDir, 'temporal.db'),
        namespace,
        searchAttributes: OPERATION_SEARCH_ATTRIBUTES,
        log: options.log,
        logFile: logDir === null ? undefined : join(logDir, 'temporal.log'),
        portHints: { port: options.portHints?.temporal, uiPort: options.portHints?.temporalUi },
      })
    : externalTemporal(env, namespace, options.log);
  const s3 =
    s3Binary && s3Dir !== null
      ? startS3Server({
          binary: s3Binary.path,
          port: s3Port,
          dir: s3Dir,
          region,
          bucket,
          ...(options.s3Credentials ?? { accessKey: randomKey(), secretKey: randomKey() }),
          logFile: logDir === null ? undefined : join(logDir, 's3.log'),
          portHint: options.portHints?.s3,
        })
      : externalS3(env, { bucket, region });

  const nats = natsBinary
    ? startNatsServer({
        binary: natsBinary.path,
        port: natsPort,
        logFile: logDir === null ? undefined : join(logDir, 'nats.log'),
        portHint: options.portHints?.nats,
      })
    : Promise.resolve({
        url: options.nats === false ? null : (env.NATS_URL ?? null),
        process: undefined,
        stop: async () => {},
      });

  // All start at once; if one fails, the others are stopped before the error goes up.
  const results = await Promise.allSettled([temporal, s3, nats] as const);
  const [temporalResult, s3Result, natsResult] = results;
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    for (const result of results) if (result.status === 'fulfilled') await result.value.stop();
    await removeTempDir();
    throw failed.reason;
  }
  const started = (temporalResult as PromiseFulfilledResult<Awaited<typeof temporal>>).value;
  const store = (s3Result as PromiseFulfilledResult<Awaited<typeof s3>>).value;
  const bus = (natsResult as PromiseFulfilledResult<Awaited<typeof nats>>).value;

  let stopped: Promise<void> | null = null;
  return {
    temporalAddress: started.address,
    temporalEnv: 'temporalEnv' in started ? started.temporalEnv : undefined,
    temporalUiUrl: started.uiUrl,
    namespace,
    s3: {
      endpoint: store.endpoint,
      region: store.region,
      bucket: store.bucket,
      accessKey: store.accessKey,
      secretKey: store.secretKey,
    },
    natsUrl: bus.url,
    processIds: [started.process?.pid, store.process?.pid, bus.process?.pid].filter(
      (pid): pid is number => pid !== undefined,
    ),
    stop: () => {
      stopped ??= (async () => {
        await Promise.all([started.stop(), store.stop(), bus.stop()]);
        await removeTempDir();
      })();
      return stopped;
    },
  };
}

function randomKey(): string {
  return randomBytes(18).toString('base64url');
}
