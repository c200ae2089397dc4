import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { collectDefaultMetrics } from 'prom-client';
import { createObjectStore } from '@temporal-operations/jobs';
import type { JobRegistry } from '@temporal-operations/jobs';
import { ConfigError } from '../shared/load-env';
import { buildApp } from './app';
import { loadApiConfig, type ApiConfig } from './config';
import { objectStoreSettings } from '../shared/config-parts';
import { startMetricsServer } from '../shared/metrics-server';
import { createTemporalProbe } from '../shared/temporal-readiness';
import { startTracing } from '../shared/tracing';
import { createHttpTracing } from './http-tracing';

/** How long the start-up check of Temporal may take before the API listens anyway. */
const STARTUP_CHECK_MS = 5000;

/**
 * Runs the API process: configuration, Temporal, the object store, then the listener; closes
 * gracefully on SIGINT/SIGTERM. `jobs` are the jobs it accepts.
 */
export async function runApi(jobs: JobRegistry): Promise<void> {
  const config = readConfig();
  const tracing = startTracing(config, 'temporal-operations-api');
  // Lazy: an API whose Temporal is down still starts, says why once, and answers 503 on /readyz.
  const connection = Connection.lazy(config.temporal.connectionOptions);
  // The interceptor puts the request's trace context into the workflow's headers.
  const interceptors = tracing.enabled ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
  const client = new Client({ connection, namespace: config.temporal.namespace, interceptors });
  const objectStore = createObjectStore(objectStoreSettings(config));
  const httpTracing = tracing.enabled ? createHttpTracing() : undefined;
  const app = await buildApp({ config, temporal: { client, connection }, objectStore, jobs, httpTracing });
  collectDefaultMetrics({ register: app.metrics.registry });
  try {
    await objectStore.ensureBucket();
  } catch (error) {
    // Not fatal: /readyz reports the object store until it answers.
    app.log.warn({ err: error }, 'could not check the bucket');
  }

  const probe = createTemporalProbe(config.temporal);
  const problem = await probe.problem(STARTUP_CHECK_MS);
  await probe.close();
  if (problem) app.log.warn(`Temporal is not ready: ${problem}`);
  else app.log.info(`Temporal at ${config.temporal.summary}`);

  await app.listen({ host: config.HOST, port: config.PORT });
  const metricsServer = config.METRICS_PORT
    ? await startMetricsServer(app.metrics.registry, config.HOST, config.METRICS_PORT)
    : undefined;
  if (metricsServer) app.log.info({ port: config.METRICS_PORT }, 'metrics listening');

  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    // Stop taking requests, let those in flight finish, then drop the connections.
    metricsServer?.close();
    await app.close();
    await connection.close();
    await tracing.shutdown();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      close(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'close failed');
          process.exit(1);
        },
      );
    });
  }
}

function readConfig(): ApiConfig {
  try {
    return loadApiConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
