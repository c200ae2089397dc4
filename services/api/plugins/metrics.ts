import fp from 'fastify-plugin';
import { Counter, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, in a registry of their own (tests build many apps in one process). */
export interface ApiMetrics {
  registry: Registry;
  operationsStarted: Counter<'job'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

export interface MetricsOptions {
  /** Serve `GET /metrics` on this app; false when a separate listener (METRICS_PORT) serves it. */
  serveRoute: boolean;
}

/** HTTP request durations by route, method and status, operations started by job, and `GET /metrics`. */
export default fp<MetricsOptions>(
  async function metrics(app, options) {
    const registry = new Registry();
    const requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests, by route pattern, method and status code',
      labelNames: ['route', 'method', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const operationsStarted = new Counter({
      name: 'operations_started_total',
      help: 'Operations started through this API, by job',
      labelNames: ['job'] as const,
      registers: [registry],
    });
    app.decorate('metrics', { registry, operationsStarted });

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL, keeps the label set bounded.
      const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
      requestDuration.observe(
        { route, method: request.method, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    if (options.serveRoute) {
      app.get(
        '/metrics',
        { config: { public: true }, schema: { summary: 'Prometheus metrics', tags: ['service'] } },
        async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
      );
    }
  },
  { name: 'metrics' },
);
