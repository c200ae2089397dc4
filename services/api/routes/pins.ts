import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OperationPins } from '@temporal-operations/jobs';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { IsoDateTime, OperationIdParams } from '../schemas/common';
import { problemResponses } from '../schemas/problem';

const Pin = Type.Object({
  operationId: Type.String(),
  pinnedAt: IsoDateTime,
});

/** The owner keeps an operation's files past their retention (`POST`), or lets them go again (`DELETE`). */
const pinRoutes: FastifyPluginAsyncTypebox<{ pins: OperationPins }> = async (app, { pins }) => {
  app.post(
    '/v1/operations/:id/pin',
    {
      schema: {
        summary: "Keep an operation's files",
        description:
          "Owner only (404 otherwise). The file cleanup keeps a pinned operation's files past OPERATION_RETENTION(_<STATUS>), for as long as Temporal keeps the operation (the namespace's retention). Pinning again keeps the first pin.",
        tags: ['operations'],
        params: OperationIdParams,
        response: { 200: Pin, ...problemResponses(401, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await readOwnOperation(app, request, id);
      const pinnedAt = (await pins.pinnedAt(id)) ?? (await pins.pin(id));
      return { operationId: id, pinnedAt: pinnedAt.toISOString() };
    },
  );

  app.get(
    '/v1/operations/:id/pin',
    {
      schema: {
        summary: 'Read whether an operation is pinned',
        description: 'Owner only. 404 when the operation is not pinned (or not the caller’s).',
        tags: ['operations'],
        params: OperationIdParams,
        response: { 200: Pin, ...problemResponses(401, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await readOwnOperation(app, request, id);
      const pinnedAt = await pins.pinnedAt(id);
      if (!pinnedAt) throw new HttpProblem(404, 'This operation is not pinned.');
      return { operationId: id, pinnedAt: pinnedAt.toISOString() };
    },
  );

  app.delete(
    '/v1/operations/:id/pin',
    {
      schema: {
        summary: 'Unpin an operation',
        description:
          'Owner only. Its files then go with the next cleanup past their retention. 204 whether it was pinned or not.',
        tags: ['operations'],
        params: OperationIdParams,
        response: { 204: Type.Null({ description: 'Unpinned' }), ...problemResponses(401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await readOwnOperation(app, request, id);
      await pins.unpin(id);
      return reply.code(204).send(null);
    },
  );
};

export default pinRoutes;
