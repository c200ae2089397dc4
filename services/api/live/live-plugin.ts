import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { ApiConfig } from '../config';
import browserSessionRoutes from '../routes/browser-session';
import eventsRoute from '../routes/events';
import pageRoutes from '../routes/pages';
import { createOperationAccess, requireCsrfHeader, type OperationAccess } from './operation-access';
import { OperationHub } from './operation-hub';
import { operationNotFound } from '../problem';
import type { ShareStore } from '../shares/share-store';
import type { ShareTokens } from '../shares/share-token';
import { natsConnectionOptions, type NatsSettings } from '../../shared/nats-config';
import { NatsLink } from '../../shared/progress-bus/nats-link';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a view-only session from a share link authenticated the request. */
    shareId: string | null;
  }
  interface FastifyContextConfig {
    /** An `operationSession` route that a share link's view-only session may use too (it only reads). */
    shareable?: boolean;
  }
  interface FastifyInstance {
    /** The one loop per watched operation that every event stream of this process shares. */
    operationHub: OperationHub;
    /** The progress bus connection, when NATS_URL is set. */
    progressBus: NatsLink | null;
    /** Bearer-or-session authentication for the routes a browser reaches for one operation. */
    operationAccess: OperationAccess;
  }
}

export interface LiveOptions {
  config: Pick<
    ApiConfig,
    'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE' | 'LIVE_STREAMS_PER_USER'
  > &
    NatsSettings & { LIVE_RECONCILE_MS?: number; frameAncestors?: readonly string[] };
  /** Where share links are kept: a view-only session works only while its share is open. */
  shares: ShareStore;
  /** Checks the share links' tokens. */
  shareTokens: ShareTokens;
  /** Time between reads of a watched, running operation. @default 250 */
  watchIntervalMs?: number;
  /** Time between heartbeat comments on event streams. @default 15000 */
  heartbeatMs?: number;
}

/**
 * Live status: the event stream, browser sessions, the status and demo pages and their
 * assets. Streams are ended before the server closes, so `close()` is not held open by them.
 */
export default fp<LiveOptions>(
  async function live(app, options) {
    const natsOptions = natsConnectionOptions(options.config, 'temporal-operations-api');
    // Connects in the background: a NATS that is down leaves the API polling Temporal until it answers.
    const link = natsOptions ? new NatsLink(natsOptions, (level, message) => app.log[level](message)) : null;
    const hub = new OperationHub(app.temporal.client, {
      intervalMs: options.watchIntervalMs,
      deadlineMs: app.temporal.deadlineMs,
      onError: (error, operationId) => app.log.warn({ err: error, operationId }, 'watching an operation failed'),
      ...(link && {
        bus: {
          link,
          namespace: app.temporal.client.options.namespace,
          reconcileMs: options.config.LIVE_RECONCILE_MS,
          onReject: (reason, operationId) =>
            app.log.warn({ operationId, reason }, 'ignored a progress-bus message (logged once per operation)'),
        },
      }),
    });
    app.decorate('operationHub', hub);
    app.decorate('progressBus', link);
    // Session cookies are parsed and set through @fastify/cookie, which another plugin may have registered already.
    if (!app.hasDecorator('parseCookie')) await app.register(fastifyCookie);
    app.decorate(
      'operationAccess',
      createOperationAccess(app.verifyUserToken, options.config.AUTH_JWT_SECRET, (header) => app.parseCookie(header)),
    );
    app.addHook('preClose', () => hub.close());
    app.decorateRequest('shareId', null);
    app.addHook('onClose', async () => link?.close());
    // Routes flagged `operationSession` take a bearer token or their operation's cookie; a
    // cookie-authenticated state change must also carry the CSRF header.
    app.addHook('preHandler', async (request) => {
      if (request.is404 || !request.routeOptions.config.operationSession) return;
      const { id } = request.params as { id: string };
      const caller = await app.operationAccess.authenticate(request, id);
      const shareId = caller.session?.shareId;
      // A share link reads only, and only while it is open: anything else looks like no such operation.
      if (shareId) {
        if (!request.routeOptions.config.shareable) throw operationNotFound();
        if (!(await options.shares.open(id, shareId))) throw operationNotFound();
        request.shareId = shareId;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') requireCsrfHeader(request, caller);
      request.userId = caller.userId;
      request.credentialExpiresAt = caller.expiresAt;
    });

    await app.register(eventsRoute, {
      shares: options.shares,
      heartbeatMs: options.heartbeatMs,
      streamsPerUser: options.config.LIVE_STREAMS_PER_USER,
    });
    await app.register(browserSessionRoutes, { shares: options.shares, shareTokens: options.shareTokens });
    await app.register(pageRoutes, { frameAncestors: options.config.frameAncestors });
  },
  { name: 'live', dependencies: ['temporal', 'problem-details', 'auth'] },
);
