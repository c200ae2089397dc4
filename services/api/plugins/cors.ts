import fastifyCors from '@fastify/cors';
import fp from 'fastify-plugin';

export interface CorsOptions {
  /** Exact origins allowed; empty registers nothing, so no response carries a CORS header. */
  origins: readonly string[];
}

/** The response headers a cross-origin client must be able to read (Location after a create, LRO hints, file names). */
export const CORS_EXPOSED_HEADERS = ['Location', 'Operation-Location', 'Retry-After', 'Content-Disposition'];

/** The request headers a cross-origin client sends (JSON, the session or service token, a stream's resume point). */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Requested-With'];

/**
 * CORS for CORS_ORIGINS only. An origin is answered only when it is listed; any other (or none)
 * gets no Access-Control-* header at all, preflight included, so the browser refuses the call.
 * Credentials are allowed for listed origins, though the element itself sends its session
 * token in a header (session cookies stay SameSite=Strict and never cross sites).
 * @see https://github.com/fastify/fastify-cors
 */
export default fp<CorsOptions>(
  async function cors(app, { origins }) {
    if (origins.length === 0) return;
    const allowed = new Set(origins);
    // The plugin's catch-all OPTIONS route must answer an unlisted preflight 404, not ask it for a token.
    app.addHook('onRoute', (route) => {
      if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, public: true };
    });
    await app.register(fastifyCors, {
      // A function, not the array: with an array an unlisted origin still gets Allow-Credentials and, on preflight, Allow-Methods.
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      credentials: true,
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      // Browsers cap it (Chromium at 2 h); 10 min keeps preflights rare without pinning a change for long.
      maxAge: 600,
    });
  },
  { name: 'cors' },
);
