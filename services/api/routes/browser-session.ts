import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerToken } from '../bearer-token';
import { readOwnOperation } from '../own-operation';
import type { IssuedSession, OperationSessions } from '../live/operation-session';
import { HttpProblem, operationNotFound } from '../problem';
import type { ShareStore } from '../shares/share-store';
import { looksLikeShareToken, type ShareTokens } from '../shares/share-token';
import { OperationIdParams } from '../schemas/common';
import { problemResponses } from '../schemas/problem';

const BrowserSession = Type.Object({
  operationId: Type.String(),
  token: Type.String({ description: 'A JWT valid for this operation only; also set as an HttpOnly cookie' }),
  expiresAt: Type.String({ format: 'date-time' }),
  pageUrl: Type.String({
    description: 'The status page with the token in the URL fragment, which browsers never send to servers',
  }),
  readOnly: Type.Boolean({ description: 'True for a session from a share link: it may watch and download only' }),
});

/** Browser sessions for one operation (see live/operation-session.ts for the design). */
const browserSessionRoutes: FastifyPluginAsyncTypebox<{ shares: ShareStore; shareTokens: ShareTokens }> = async (
  app,
  { shares, shareTokens },
) => {
  const access = app.operationAccess;

  app.post(
    '/v1/operations/:id/browser-session',
    {
      // Authenticated here: a user's bearer token, or a session token being exchanged for its cookie.
      config: { public: true },
      schema: {
        summary: 'Open a browser session on one operation',
        description:
          "With the user's bearer token: issues a 15-minute token valid for this operation only. With such a token as bearer (a page exchanging its URL fragment): sets it as the cookie. With a share link's token as bearer: issues a view-only session (events and output file only), which ends with the share; a share that is expired, revoked, altered or of another operation answers 404. Either way the token comes back in an HttpOnly, SameSite=Strict cookie with Path /v1/operations/{id}, which the events, cancel and file routes of this operation accept. Needs AUTH_JWT_SECRET (501 otherwise).",
        tags: ['operations'],
        params: OperationIdParams,
        response: { 201: BrowserSession, ...problemResponses(401, 404, 501, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!access.sessions) {
        throw new HttpProblem(501, 'Browser sessions need AUTH_JWT_SECRET on this server.');
      }
      const bearer = bearerToken(request);
      if (bearer && looksLikeShareToken(bearer)) {
        const session = await openShareSession(access.sessions, shares, shareTokens, bearer, id);
        access.setSessionCookie(reply, session);
        return reply.code(201).header('cache-control', 'no-store').send(sessionBody(id, session));
      }
      // A cookie cannot renew itself: a session ends when its token expires.
      const caller = await access.authenticate(request, id, { cookie: false });
      let session = caller.session;
      if (!session) {
        request.userId = caller.userId;
        await readOwnOperation(app, request, id);
        // Never longer than the bearer token it comes from: revoking that token by expiry ends it too.
        session = await access.sessions.issue(caller.userId, id, caller.expiresAt);
      }
      // A view-only session (as bearer) renews nothing either, but must still name an open share.
      if (session.shareId && !(await shares.open(id, session.shareId))) throw operationNotFound();
      access.setSessionCookie(reply, session);
      return reply.code(201).header('cache-control', 'no-store').send(sessionBody(id, session));
    },
  );
};

function sessionBody(id: string, session: IssuedSession) {
  return {
    operationId: id,
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    pageUrl: `/operations/${id}#token=${session.token}`,
    readOnly: Boolean(session.shareId),
  };
}

/** A share link's token for a view-only session: every way it can be wrong answers the same 404. */
async function openShareSession(
  sessions: OperationSessions,
  shares: ShareStore,
  shareTokens: ShareTokens,
  token: string,
  id: string,
): Promise<IssuedSession> {
  let claims;
  try {
    claims = await shareTokens.verify(token);
  } catch {
    throw operationNotFound();
  }
  if (claims.operationId !== id) throw operationNotFound();
  const share = await shares.open(id, claims.shareId);
  if (!share) throw operationNotFound();
  return sessions.issue(claims.userId, id, new Date(share.expiresAt), claims.shareId);
}

export default browserSessionRoutes;
