import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

type Security = { security?: Record<string, string[]>[] };

function securityOf(config: { public?: boolean; operationSession?: boolean } | undefined): Security {
  if (config?.operationSession) return { security: [{ bearerAuth: [] }, { operationSession: [] }] };
  return config?.public ? { security: [] } : {};
}

/**
 * The docs page's content security policy: the plugin's own, limited to this origin — no https:
 * fonts or styles, no validator host, and no upgrade-insecure-requests, which would send the
 * page's own assets to https:// on a plain-HTTP deployment.
 */
export function docsPolicy(policy: string): string {
  return (
    policy
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive && directive !== 'upgrade-insecure-requests')
      // Swagger UI (React) sets style attributes, which no hash allows; scripts stay hash-locked.
      .map((directive) => (directive.startsWith('style-src ') ? "style-src 'self' 'unsafe-inline'" : directive))
      .map((directive) =>
        directive
          .split(/\s+/)
          .filter((source) => source !== 'https:' && source !== 'validator.swagger.io')
          .join(' '),
      )
      .join('; ')
  );
}

/**
 * The OpenAPI 3 document, generated from the route schemas (never written by hand), at
 * `/openapi.json`, and its browser UI at `/docs`. Public routes are marked as needing no token.
 */
export default fp(
  async function openApi(app) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'temporal-operations',
          version: 'v1',
          description: 'Background jobs as operations a person can watch live, on Temporal.',
        },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            operationSession: {
              type: 'apiKey',
              in: 'cookie',
              name: 'operation_session',
              description: 'Set by POST /v1/operations/{id}/browser-session; valid for that operation only.',
            },
          },
        },
        security: [{ bearerAuth: [] }],
        tags: [
          { name: 'operations', description: 'Start, read, list and cancel operations' },
          { name: 'shares', description: 'View-only links to one operation, made and revoked by its owner' },
          { name: 'jobs', description: 'The jobs this deployment runs' },
          { name: 'service', description: 'Health, readiness, metrics and this document' },
        ],
      },
      transform: ({ schema, url, route }) => ({ schema: { ...schema, ...securityOf(route.config) }, url }),
    });

    await app.register(async function publicDocs(docs) {
      // Every route the UI plugin adds (/docs, its assets, /docs/json) is served without a token.
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      await docs.register(swaggerUi, {
        routePrefix: '/docs',
        // The validator badge would call validator.swagger.io: nothing leaves this origin.
        uiConfig: { validatorUrl: null },
        // The plugin's policy, with hashes of its inline scripts, kept to this origin (see docsPolicy).
        staticCSP: true,
        transformStaticCSP: docsPolicy,
      });
    });

    app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
