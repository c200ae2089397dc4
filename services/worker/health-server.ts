import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

/** What readiness reports: ready, or why not, in a phrase that fits "Not ready: …". */
export type Readiness = { ready: true } | { ready: false; reason: string };

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The worker's probe listener: `GET /healthz` answers while the process runs (liveness);
 * `GET /readyz` answers 200 only while `readiness()` says so, else 503 with an RFC 9457
 * problem saying why (starting, not polling yet, shutting down).
 */
export async function startHealthServer(
  readiness: () => Promise<Readiness>,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (request.method === 'GET' && path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (request.method !== 'GET' || path !== '/readyz') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    readiness().then(
      (state) => {
        if (state.ready) response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
        else notReady(response, state.reason);
      },
      (error: unknown) => notReady(response, `the readiness check failed (${(error as Error).message})`),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

function notReady(response: import('node:http').ServerResponse, reason: string): void {
  const body = { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `Not ready: ${reason}.` };
  response.writeHead(503, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(body));
}
