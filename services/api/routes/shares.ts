import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { problemResponses } from '../schemas/problem';
import { CreatedShare, CreateShareBody, DEFAULT_SHARE_SECONDS, ShareList, ShareParams } from '../schemas/share';
import type { Share, ShareStore } from '../shares/share-store';
import type { ShareTokens } from '../shares/share-token';

export interface ShareRoutesOptions {
  shares: ShareStore;
  shareTokens: ShareTokens;
  /** View-only sessions need browser sessions (AUTH_JWT_SECRET). */
  sessionsAvailable: boolean;
}

/**
 * View-only links, made, listed and revoked by the operation's owner only (anyone else: 404).
 * The link opens the status page without the owner's credentials; see shares/share-token.ts.
 */
const shareRoutes: FastifyPluginAsyncTypebox<ShareRoutesOptions> = async (app, options) => {
  const { shares, shareTokens } = options;

  app.post(
    '/v1/operations/:id/shares',
    {
      // An empty POST asks for the defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Share an operation with a view-only link',
        description:
          'Owner only. The link shows the live page and the output download, never cancel, answer, rerun or the list, until it expires (24 h by default, at most 7 days) or is revoked. Needs AUTH_JWT_SECRET (501 otherwise).',
        tags: ['shares'],
        params: OperationIdParams,
        body: CreateShareBody,
        response: { 201: CreatedShare, ...problemResponses(400, 401, 404, 501, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await readOwnOperation(app, request, id);
      if (!options.sessionsAvailable) throw new HttpProblem(501, 'Share links need AUTH_JWT_SECRET on this server.');
      const now = Date.now();
      const seconds = request.body.expiresInSeconds ?? DEFAULT_SHARE_SECONDS;
      const share: Share = {
        id: `shr_${randomBytes(16).toString('base64url')}`,
        operationId: id,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + seconds * 1000).toISOString(),
      };
      await shares.save(share);
      const token = await shareTokens.sign({
        operationId: id,
        shareId: share.id,
        userId: request.userId,
        expiresAt: new Date(share.expiresAt),
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .header('location', `/v1/operations/${id}/shares/${share.id}`)
        .send({
          id: share.id,
          url: `/operations/${id}#share=${token}`,
          createdAt: share.createdAt,
          expiresAt: share.expiresAt,
        });
    },
  );

  app.get(
    '/v1/operations/:id/shares',
    {
      schema: {
        summary: "List an operation's open share links",
        description: 'Owner only: the shares neither expired nor revoked (the links themselves are not shown again).',
        tags: ['shares'],
        params: OperationIdParams,
        response: { 200: ShareList, ...problemResponses(401, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await readOwnOperation(app, request, id);
      const open = await shares.list(id);
      return { shares: open.map(({ id: shareId, createdAt, expiresAt }) => ({ id: shareId, createdAt, expiresAt })) };
    },
  );

  app.delete(
    '/v1/operations/:id/shares/:shareId',
    {
      schema: {
        summary: 'Revoke a share link',
        description:
          'Owner only. At once, for every API process: the link answers 404, and streams opened with it end.',
        tags: ['shares'],
        params: ShareParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...problemResponses(401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id, shareId } = request.params;
      await readOwnOperation(app, request, id);
      if (!(await shares.revoke(id, shareId)))
        throw new HttpProblem(404, 'This operation has no open share of that id.');
      return reply.code(204).send(null);
    },
  );
};

export default shareRoutes;
