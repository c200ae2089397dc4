import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FINISHED_STATUSES, type OperationRecord } from '@temporal-operations/client';
import { isOperationId } from '@temporal-operations/client';
import { HubClosedError } from '../live/operation-subscription';
import { SseStream, type SseEvent } from '../live/sse-stream';
import { HttpProblem, operationNotFound } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { Operation, toOperationJson } from '../schemas/operation';
import { problemResponses } from '../schemas/problem';
import type { ShareStore } from '../shares/share-store';
import { UserSlots } from '../user-slots';

export interface EventsRouteOptions {
  /** Where share links are kept: a stream opened through one ends when it is revoked or expires. */
  shares: ShareStore;
  /** How often such a stream checks its share. @default 1000 */
  shareCheckMs?: number;
  /** @default 15000 */
  heartbeatMs?: number;
  /** Open streams per user in this process; one more answers 429. */
  streamsPerUser: number;
}

/**
 * `GET /v1/operations/{id}/events`: the whole Operation at once and after every change, a
 * heartbeat comment every 15 s, the final state, then the end of the stream. Each connection
 * joins the hub's one loop for its operation; a reconnection starts again from the current
 * state, except that a Last-Event-ID naming the current (unfinished) state skips it: the
 * client has it already. The final state is always sent, since it ends the stream.
 */
/** One event of the stream, as OpenAPI 3.1 describes a server-sent event. */
const OperationEventSchema = Type.Object({
  event: Type.Literal('operation'),
  id: Type.String(),
  data: Type.String({ contentMediaType: 'application/json', contentSchema: Operation }),
  retry: Type.Optional(Type.Integer()),
});

/** setTimeout's longest delay (about 24.8 days); a token valid longer is re-checked on reconnection anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const eventsRoute: FastifyPluginAsyncTypebox<EventsRouteOptions> = async (app, options) => {
  const streams = new UserSlots(options.streamsPerUser);
  app.get(
    '/v1/operations/:id/events',
    {
      config: { operationSession: true, shareable: true },
      schema: {
        summary: "Stream an operation's changes (Server-Sent Events)",
        description:
          "`operation` events carrying the whole Operation, at once and after every change; `: heartbeat` comments every 15 s; the stream closes after the final state. A reconnection whose Last-Event-ID names the current, unfinished state gets no event until the next change. Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist or belongs to someone else.",
        tags: ['operations'],
        params: OperationIdParams,
        response: {
          200: {
            description: 'An event stream; each `operation` event carries the whole Operation as JSON',
            content: { 'text/event-stream': { schema: OperationEventSchema } },
          },
          ...problemResponses(401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isOperationId(id)) throw operationNotFound();
      const slot = streams.acquire(request.userId);
      if ('full' in slot) {
        throw new HttpProblem(429, `At most ${streams.perUser} event streams may be open at once per user.`, {
          headers: { 'retry-after': '5' },
        });
      }

      // The hub's first record doubles as the owner check: no extra Temporal call when others already watch.
      const subscription = app.operationHub.subscribe(id);
      const stop = () => {
        subscription.close();
        slot.release();
      };
      let first: OperationRecord | null;
      try {
        first = await subscription.first;
      } catch (error) {
        stop();
        if (error instanceof HubClosedError) throw new HttpProblem(503, 'The server is shutting down.');
        throw error;
      }
      if (!first || first.userId !== request.userId) {
        stop();
        throw operationNotFound();
      }
      // HEAD (derived from this GET by Fastify) asks for the headers only: a stream would never end.
      if (request.method === 'HEAD') {
        stop();
        return reply.type('text/event-stream').header('cache-control', 'no-store').send();
      }

      // From here on the route writes the response itself; Fastify must not send another.
      reply.hijack();
      // The stream writes its own head on the raw response: keep the headers hooks set (CORS).
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value);
      }
      // A stream lasts no longer than the credential that opened it; the client's reconnection then needs a new one.
      const expiresInMs = (request.credentialExpiresAt?.getTime() ?? Infinity) - Date.now();
      const expiry = Number.isFinite(expiresInMs)
        ? setTimeout(() => stream.end(), Math.max(0, Math.min(expiresInMs, MAX_TIMER_MS)))
        : undefined;
      const shareWatch = request.shareId ? watchShare(options, id, request.shareId, () => stream.end()) : undefined;
      const stream = new SseStream(reply.raw, {
        heartbeatMs: options.heartbeatMs,
        onClose: () => {
          clearTimeout(expiry);
          clearInterval(shareWatch);
          stop();
        },
      });
      stream.start();
      if (!stream.open) return;
      // What the client has: the state it names on reconnecting, then what was sent. Records that
      // differ only in what the API never shows (the bus's and a heartbeat's copy of one change)
      // are one event; the final state is always sent.
      let lastSent = lastEventIdOf(request.headers['last-event-id']);
      subscription.attach({
        next: (record) => {
          const event = operationEvent(record);
          if (event.id === lastSent && !FINISHED_STATUSES.includes(record.status)) return;
          lastSent = event.id;
          stream.send(event);
        },
        end: () => stream.end(),
      });
    },
  );
};

export default eventsRoute;

/**
 * Ends a share link's stream once the share is revoked or expired (checked in the store, as
 * every API process sees it). The streams of one share in this process share their reads.
 */
function watchShare(options: EventsRouteOptions, id: string, shareId: string, end: () => void): NodeJS.Timeout {
  const checkMs = options.shareCheckMs ?? 1000;
  let checking = false;
  return setInterval(() => {
    if (checking) return;
    checking = true;
    options.shares
      // Half the interval: a revocation seen by any API process still ends these streams in about a second.
      .openRecently(id, shareId, checkMs / 2)
      .then((share) => share ?? end())
      // A store that does not answer leaves the stream as it is; the next check decides.
      .catch(() => undefined)
      .finally(() => (checking = false));
  }, checkMs);
}

function lastEventIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/**
 * Events already built, by record: the hub hands one record object to every stream of its
 * operation, so each is serialized and hashed once, not once per stream. Records are never
 * changed once published; a record no longer referenced leaves the cache with it.
 */
const builtEvents = new WeakMap<OperationRecord, SseEvent>();

/** An `operation` event; its id is a digest of the state, the same in every API process. */
export function operationEvent(record: OperationRecord): SseEvent {
  const built = builtEvents.get(record);
  if (built) return built;
  const data = JSON.stringify(toOperationJson(record));
  const id = createHash('sha256').update(data).digest('base64url').slice(0, 22);
  const event: SseEvent = { event: 'operation', id, data };
  builtEvents.set(record, event);
  return event;
}
