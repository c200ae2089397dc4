import { createServer, type Server } from 'node:http';
import { once } from 'node:events';

/** Whatever produces Prometheus text: a prom-client `Registry`, or several sources combined. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

/** A tiny listener that serves only `GET /metrics`, for METRICS_PORT (kept off the public port). */
export async function startMetricsServer(registry: MetricsSource, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n'),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}
