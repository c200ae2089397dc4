import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { problemResponses } from '../schemas/problem';

const BrowserSession = Type.Object({
  operationId: Type.String(),
  token: Type.String({ description: 'A JWT valid for this operation only; also set as an HttpOnly cookie' }),
  expiresAt: Type.String({ format: 'date-time' }),
  pageUrl: Type.String({
    description: 'The status page with the token in the URL fragment, which browsers never send to servers',
  }),
});

/** Browser sessions for one operation (see live/operation-session.ts for the design). */
const browserSessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const access = app.operationAccess;

  app.post(
    '/v1/operations/:id/browser-session',
    {
      // Authenticated here: a user's bearer token, or a session token being exchanged for its cookie.
      config: { public: true },
      schema: {
        summary: 'Open a browser session on one operation',
        description:
          "With the user's bearer token: issues a 15-minute token valid for this operation only. With such a token as bearer (a page exchanging its URL fragment): sets it as the cookie. Either way the token comes back in an HttpOnly, SameSite=Strict cookie with Path /v1/operations/{id}, which the events, cancel and file routes of this operation accept. Needs AUTH_JWT_SECRET (501 otherwise).",
        tags: ['operations'],
        params: OperationIdParams,
        response: { 201: BrowserSession, ...problemResponses(401, 404, 501, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // A cookie cannot renew itself: a session ends when its token expires.
      const caller = await access.authenticate(request, id, { cookie: false });
      if (!access.sessions) {
        throw new HttpProblem(501, 'Browser sessions need AUTH_JWT_SECRET on this server.');
      }
      let session = caller.session;
      if (!session) {
        request.userId = caller.userId;
        await readOwnOperation(app, request, id);
        // Never longer than the bearer token it comes from: revoking that token by expiry ends it too.
        session = await access.sessions.issue(caller.userId, id, caller.expiresAt);
      }
      access.setSessionCookie(reply, session);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          operationId: id,
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          pageUrl: `/operations/${id}#token=${session.token}`,
        });
    },
  );
};

export default browserSessionRoutes;
