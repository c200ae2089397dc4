import { FastifyOtelInstrumentation } from '@fastify/otel';

/** Probes and scrapes would bury the requests that matter. */
const UNTRACED_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

/**
 * One span per HTTP request (route, method, status), continuing a caller's `traceparent`, with
 * the handler's span as the parent of the Temporal calls it makes. Hook spans are left out:
 * they would add one span per hook per request for little insight.
 */
export function createHttpTracing(): FastifyOtelInstrumentation {
  return new FastifyOtelInstrumentation({
    instrumentHooks: false,
    ignorePaths: ({ url }) => UNTRACED_PATHS.test(url),
  });
}
