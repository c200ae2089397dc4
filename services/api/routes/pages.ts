import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { OperationIdParams } from '../schemas/common';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));
/** The component is its own package, served here as the pages' `/assets/operation-status.js`. */
const componentDir = dirname(
  createRequire(import.meta.url).resolve('@temporal-operations/status-element/operation-status.js'),
);

/**
 * What the pages may load: their own scripts, styles and API, nothing inline, nothing from
 * elsewhere. Operation data is only ever set as text, and this stops anything that slips by.
 * Only who may frame them is configurable (FRAME_ANCESTORS); `connect-src` stays 'self'.
 */
export function pageContentSecurityPolicy(frameAncestors: readonly string[] = ["'self'"]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

export interface PageRoutesOptions {
  /** The pages' CSP `frame-ancestors` sources. @default ["'self'"] */
  frameAncestors?: readonly string[];
}

/**
 * The live status page `GET /operations/{id}`, the demo page `GET /demo` and their static
 * assets under `/assets/` (the `<operation-status>` component among them). All public: the
 * pages hold no data; their scripts ask the API, which checks access.
 */
const pageRoutes: FastifyPluginAsyncTypebox<PageRoutesOptions> = async (app, options) => {
  const contentSecurityPolicy = pageContentSecurityPolicy(options.frameAncestors);
  const [operationPage, demoPage] = await Promise.all([
    readFile(`${publicDir}/operation.html`),
    readFile(`${publicDir}/demo.html`),
  ]);

  app.get(
    '/operations/:id',
    {
      config: { public: true },
      schema: {
        summary: 'The live status page of an operation',
        description:
          'An HTML shell; its script reads the operation through the API, so an unknown id or someone else\'s operation shows "Operation not found". A link may carry a browser-session token in its fragment (#token=…).',
        tags: ['pages'],
        params: OperationIdParams,
        produces: ['text/html'],
      },
    },
    async (_request, reply) => sendPage(reply, operationPage, contentSecurityPolicy),
  );

  app.get(
    '/demo',
    {
      config: { public: true },
      schema: {
        summary: 'The demo page: start example jobs and watch them',
        description: 'Takes a bearer token from its URL fragment (#token=…, as printed by `npm start`).',
        tags: ['pages'],
        produces: ['text/html'],
      },
    },
    async (_request, reply) => sendPage(reply, demoPage, contentSecurityPolicy),
  );

  await app.register(async function assets(scope) {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
      route.schema = { ...route.schema, hide: true };
    });
    await scope.register(fastifyStatic, {
      root: [`${publicDir}/assets`, componentDir],
      prefix: '/assets/',
      // Another plugin may decorate replies with sendFile; these routes do not need it.
      decorateReply: false,
      setHeaders: (reply) => reply.header('x-content-type-options', 'nosniff'),
    });
  });
};

export default pageRoutes;

function sendPage(reply: FastifyReply, html: Buffer, contentSecurityPolicy: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(html);
}
