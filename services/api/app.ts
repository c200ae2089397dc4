import type { FastifyOtelInstrumentation } from '@fastify/otel';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import { OperationPins, type ObjectStore } from '@temporal-operations/jobs';
import type { JobRegistry } from '@temporal-operations/jobs';
import { JobCatalog } from './job-catalog';
import { HttpProblem } from './problem';
import { deriveServerKeys } from './server-keys';
import { trustProxyOption, type ApiConfig } from './config';
import live from './live/live-plugin';
import { loggerOptions, OneLinePerRequest } from './logger';
import auth from './plugins/auth';
import cors from './plugins/cors';
import metrics from './plugins/metrics';
import problemDetails, { handleClientError, handleFrameworkError } from './plugins/problem-details';
import swagger from './plugins/swagger';
import temporal from './plugins/temporal';
import createOperationRoute from './routes/create-operation';
import healthRoutes from './routes/health';
import { createTemporalProbe } from '../shared/temporal-readiness';
import jobRoutes from './routes/jobs';
import operationFileRoutes from './routes/operation-files';
import operationInputRoutes from './routes/operation-input';
import rerunOperationRoute from './routes/rerun-operation';
import operationRoutes from './routes/operations';
import pinRoutes from './routes/pins';
import shareRoutes from './routes/shares';
import { ShareStore } from './shares/share-store';
import { createShareTokens } from './shares/share-token';
import { validatorCompiler } from './validator-compiler';

/** The largest JSON body accepted; file uploads have their own limit (MAX_INPUT_FILE_BYTES). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A request, body included, must arrive within this time (Node's `requestTimeout`): a
 * slow-loris upload is cut off. 100 MiB in 10 minutes needs about 170 KiB/s.
 */
export const REQUEST_TIMEOUT_MS = 10 * 60_000;

/** A connection with no traffic either way for this long is closed; event streams send a heartbeat every 15 s. */
export const IDLE_CONNECTION_TIMEOUT_MS = 60_000;

export interface ApiDependencies {
  config: ApiConfig;
  /** The caller connects and closes; the app only uses them. */
  temporal: { client: Client; connection: Connection };
  objectStore: ObjectStore;
  /** This API's own jobs; those other workers publish to the job catalog are added. */
  jobs: JobRegistry;
  /** Spans for HTTP requests; unset while tracing is off. */
  httpTracing?: FastifyOtelInstrumentation;
}

/**
 * Builds the API without listening, so tests drive it with `inject` or on port 0. Routes
 * need a bearer token unless they declare `config: { public: true }`.
 */
export async function buildApp({ config, temporal: temporalDeps, objectStore, jobs, httpTracing }: ApiDependencies) {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: IDLE_CONNECTION_TIMEOUT_MS,
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    logController: new OneLinePerRequest(),
    // Behind a TLS-terminating proxy: request.protocol (the cookie's Secure flag) and request.ip (logs) come from it.
    trustProxy: trustProxyOption(config.TRUST_PROXY),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Before any route or hook, so that it wraps them all.
  if (httpTracing) await app.register(httpTracing.plugin());
  app.setValidatorCompiler(validatorCompiler);
  // JSON, and multipart for uploads (read by the create route as it streams): every other content type answers 415.
  app.removeContentTypeParser(['text/plain']);
  await app.register(multipart);

  await app.register(problemDetails);
  // First, so that its onRoute hook sees every route the document must list.
  await app.register(swagger);
  await app.register(metrics, { serveRoute: config.METRICS_PORT === undefined });
  // Before auth: a preflight carries no token, and a 401 must carry CORS headers for the browser to read it.
  await app.register(cors, { origins: config.corsOrigins });
  await app.register(auth, {
    secret: config.AUTH_JWT_SECRET,
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_JWT_ISSUER,
    audience: config.AUTH_JWT_AUDIENCE,
  });
  await app.register(temporal, {
    ...temporalDeps,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deadlineMs: config.TEMPORAL_CALL_TIMEOUT_MS,
  });

  const temporalProbe = createTemporalProbe(config.temporal);
  app.addHook('onClose', () => temporalProbe.close());
  await app.register(healthRoutes, { objectStore, temporalProbe });
  const catalog = new JobCatalog(jobs, {
    objectStore,
    refreshMs: config.JOB_CATALOG_REFRESH_MS,
    warn: (message) => app.log.warn(message),
  });
  await app.register(jobRoutes, { jobs: catalog });
  // Checked by loadApiConfig: one of the two is set.
  const keys = deriveServerKeys((config.OPERATIONS_SECRET ?? config.AUTH_JWT_SECRET)!);
  // Per user, counted by this process; routes opt in (`config.rateLimit`). After auth, which names the user.
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    keyGenerator: (request) => request.userId,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(429, `At most ${context.max} requests like this one per ${context.after}; try again later.`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  });
  await app.register(createOperationRoute, {
    jobs: catalog,
    objectStore,
    maxInputFileBytes: config.MAX_INPUT_FILE_BYTES,
    createsPerMinute: config.CREATES_PER_MINUTE_PER_USER,
    operationIdKey: keys.operationId,
    uploads: {
      total: config.UPLOADS_MAX_CONCURRENT,
      perUser: config.UPLOADS_MAX_PER_USER,
      stall: { windowMs: config.UPLOAD_STALL_TIMEOUT_MS, minBytes: config.UPLOAD_STALL_MIN_BYTES },
    },
  });
  // Before the routes it authenticates: those flagged `operationSession` accept its session cookie.
  const shares = new ShareStore(objectStore);
  const shareTokens = createShareTokens(keys.shareToken);
  await app.register(live, { config, shares, shareTokens });
  await app.register(operationRoutes, { jobs: catalog, pageTokenKey: keys.pageToken });
  await app.register(pinRoutes, { pins: new OperationPins(objectStore) });
  await app.register(shareRoutes, { shares, shareTokens, sessionsAvailable: Boolean(config.AUTH_JWT_SECRET) });
  await app.register(operationFileRoutes, { objectStore });
  await app.register(operationInputRoutes);
  await app.register(rerunOperationRoute, { jobs: catalog, objectStore });
  return app;
}

/** The built API, typed with its decorators. */
export type ApiApp = Awaited<ReturnType<typeof buildApp>>;
