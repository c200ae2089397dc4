import { createServer, type AddressInfo } from 'node:net';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/** The SDK's own exporter listens on loopback only: the worker's /metrics serves its text. */
const SDK_METRICS_HOST = '127.0.0.1';

/** Binding a port the kernel just offered can still lose a race with another process. */
const SDK_METRICS_BIND_ATTEMPTS = 3;

/**
 * Installs the SDK runtime once per process: the logger, and with `sdkMetrics` the SDK's
 * Prometheus exporter (task slots, poll and schedule-to-start latencies, request counts) on a
 * free loopback port. Returns that exporter's URL, which the worker's /metrics includes.
 * The SDK's defaults stay: `temporal_` prefix, durations in milliseconds, no `_total` suffix.
 */
export async function installWorkerRuntime(options: {
  logLevel: LogLevel;
  sdkMetrics: boolean;
}): Promise<{ sdkMetricsUrl?: string }> {
  const logger = new DefaultLogger(options.logLevel);
  if (!options.sdkMetrics) {
    Runtime.install({ logger });
    return {};
  }
  for (let attempt = 1; ; attempt++) {
    const bindAddress = `${SDK_METRICS_HOST}:${await freeLoopbackPort()}`;
    try {
      Runtime.install({ logger, telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
      return { sdkMetricsUrl: `http://${bindAddress}/metrics` };
    } catch (error) {
      if (attempt >= SDK_METRICS_BIND_ATTEMPTS || !/address already in use/i.test(String(error))) throw error;
    }
  }
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, SDK_METRICS_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
