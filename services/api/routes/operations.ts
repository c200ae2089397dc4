import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { JobCatalog } from '../job-catalog';
import { FINISHED_STATUSES } from '@temporal-operations/client';
import { cancelOperation, InvalidPageTokenError, listOperations } from '@temporal-operations/client';
import { operationLocationHeader, retryAfterHeader, setOperationLocation, setRetryAfter } from '../lro-headers';
import { readOwnOperation } from '../own-operation';
import { openPageToken, sealPageToken } from '../page-token';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { DEFAULT_PAGE_SIZE, ListOperationsQuery } from '../schemas/list-operations';
import { Operation, OperationList, toOperationJson, toOperationSummaryJson } from '../schemas/operation';
import { json, problemResponses } from '../schemas/problem';
import { ReadOperationQuery } from '../schemas/read-operation';
import { createWaitingRead } from './wait-operation';

/** Reading, listing and cancelling the caller's operations; someone else's read as missing. */
const operationRoutes: FastifyPluginAsyncTypebox<{ jobs: JobCatalog; pageTokenKey: Buffer }> = async (
  app,
  { jobs, pageTokenKey },
) => {
  const { client, deadlineMs } = app.temporal;
  const readWithWait = createWaitingRead(app);

  app.get(
    '/v1/operations/:id',
    {
      schema: {
        summary: 'Read an operation',
        description:
          'Answers 404 when it does not exist or belongs to someone else. With `wait=N` (1 to 60 seconds) the answer comes as soon as the operation finishes, or after N seconds with its current state: a long poll on Temporal, no polling. Retry-After while it is unfinished. 429 when the caller already holds too many waiting reads.',
        tags: ['operations'],
        params: OperationIdParams,
        querystring: ReadOperationQuery,
        response: {
          200: { description: 'The operation', headers: retryAfterHeader, ...json(Operation) },
          ...problemResponses(400, 401, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { wait } = request.query;
      const record =
        wait === undefined
          ? await readOwnOperation(app, request, request.params.id)
          : await readWithWait(request, reply, request.params.id, wait);
      return setRetryAfter(reply, record.status).send(toOperationJson(record));
    },
  );

  app.get(
    '/v1/operations',
    {
      schema: {
        summary: "List the caller's operations",
        description:
          "In Temporal visibility's own order: running first, then newest first. Results are eventually consistent.",
        tags: ['operations'],
        querystring: ListOperationsQuery,
        response: { 200: OperationList, ...problemResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const { status, job, pageSize = DEFAULT_PAGE_SIZE, pageToken } = request.query;
      if (job !== undefined && !(await jobs.find(job))) {
        throw new HttpProblem(400, 'The job filter names no registered job.', {
          errors: [{ name: 'job', message: 'is not a registered job' }],
        });
      }
      const scope = { userId: request.userId, status, job };
      const temporalToken = pageToken === undefined ? undefined : openPageToken(pageToken, scope, pageTokenKey);
      if (temporalToken === null) throw invalidPageToken();
      try {
        const page = await listOperations(
          client,
          { userId: request.userId, status, job, pageSize, pageToken: temporalToken },
          { deadlineMs },
        );
        return {
          operations: page.operations.map(toOperationSummaryJson),
          nextPageToken: page.nextPageToken === null ? null : sealPageToken(page.nextPageToken, scope, pageTokenKey),
        };
      } catch (error) {
        if (error instanceof InvalidPageTokenError) throw invalidPageToken();
        throw error;
      }
    },
  );

  app.post(
    '/v1/operations/:id/cancel',
    {
      config: { operationSession: true },
      schema: {
        summary: 'Cancel an operation',
        description:
          "Asks the job to stop; the operation ends as canceled once it has. 409 when already finished. A browser may use this operation's session cookie instead of a bearer token, with an X-Requested-With header (403 without it).",
        tags: ['operations'],
        params: OperationIdParams,
        response: {
          202: {
            description: 'The cancel was asked for; the operation as it stands',
            headers: { ...operationLocationHeader, ...retryAfterHeader },
            ...json(Operation),
          },
          ...problemResponses(401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = await readOwnOperation(app, request, id);
      if (FINISHED_STATUSES.includes(record.status)) throw alreadyFinished(record.status);
      try {
        await cancelOperation(client, id, { deadlineMs });
      } catch (error) {
        // It closed between the read and the cancel request.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        throw alreadyFinished((await readOwnOperation(app, request, id)).status);
      }
      const current = await readOwnOperation(app, request, id);
      setOperationLocation(reply, id);
      return setRetryAfter(reply.code(202), current.status).send(toOperationJson(current));
    },
  );
};

export default operationRoutes;

function invalidPageToken(): HttpProblem {
  return new HttpProblem(400, 'The page token is not valid for this query.', {
    errors: [{ name: 'pageToken', message: 'is not a token this list issued for the same filters' }],
  });
}

function alreadyFinished(status: string): HttpProblem {
  return new HttpProblem(409, `The operation has already finished (${status}).`);
}
