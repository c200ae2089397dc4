import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOperationsApi } from './operations-api.js';

/**
 * A host app on its own origin: its page embeds <operation-status> for operations its backend
 * started. Environment: OPERATIONS_API_URL (the API, whose CORS_ORIGINS must list this app's
 * origin), OPERATIONS_JWT_SECRET (the API's AUTH_JWT_SECRET, to sign service tokens), PORT,
 * HOST, HOST_APP_USER (stands in for the app's signed-in user).
 */
const apiUrl = (process.env.OPERATIONS_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const secret = process.env.OPERATIONS_JWT_SECRET;
if (!secret) {
  console.error("OPERATIONS_JWT_SECRET is required (the API's AUTH_JWT_SECRET)");
  process.exit(1);
}
const user = process.env.HOST_APP_USER ?? 'host-app-user';
const api = createOperationsApi({ apiUrl, secret });

const here = dirname(fileURLToPath(import.meta.url));
const elementDir = dirname(fileURLToPath(import.meta.resolve('@temporal-operations/status-element')));
const STATIC = {
  '/': [join(here, 'public/index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(here, 'public/app.js'), 'text/javascript; charset=utf-8'],
  // The element and the modules it imports, from the installed package: all its scripts, by name.
  ...Object.fromEntries(
    readdirSync(elementDir)
      .filter((name) => /^[a-z-]+\.js$/.test(name))
      .map((name) => [`/vendor/${name}`, [join(elementDir, name), 'text/javascript; charset=utf-8']]),
  ),
};
/** The example jobs this page offers, by button. */
const JOBS = {
  progress: { type: 'progress', steps: 5, stepMs: 400 },
  cancellable: { type: 'cancellable', steps: 100, stepMs: 300 },
  report: { type: 'file', steps: 3 },
};

// The page may talk to itself and to the operations API, and run only its own scripts.
const CSP = `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${new URL(apiUrl).origin}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

const server = createServer(async (request, response) => {
  try {
    const path = new URL(request.url, 'http://host').pathname;
    if (request.method === 'POST' && path === '/api/operations') return await startOperation(request, response);
    const entry = request.method === 'GET' ? STATIC[path] : undefined;
    if (!entry) return send(response, 404, 'text/plain', 'Not found');
    send(response, 200, entry[1], await readFile(entry[0]));
  } catch (error) {
    console.error(error.message);
    send(response, 502, 'application/json', JSON.stringify({ title: 'The operations API did not start the job' }));
  }
});

async function startOperation(request, response) {
  // JSON only: a cross-site form cannot send it, so another site cannot start jobs for this user.
  if (!request.headers['content-type']?.startsWith('application/json')) return send(response, 415, 'text/plain', '');
  let body = '';
  for await (const chunk of request) body += chunk;
  const params = JOBS[JSON.parse(body || '{}').kind];
  if (!params) return send(response, 422, 'application/json', JSON.stringify({ title: 'Unknown kind' }));
  const watched = await api.startWatched(user, 'OperationExampleJob', params);
  send(response, 201, 'application/json', JSON.stringify(watched));
}

function send(response, status, type, body) {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(body);
}

server.listen(Number(process.env.PORT ?? 5173), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`host app on http://${address}:${port}, operations API at ${apiUrl}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
