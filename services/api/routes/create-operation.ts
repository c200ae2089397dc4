import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { JobRegistry } from '../../../activities/job-registry';
import type { StoredFile } from '../../../workflows/definitions';
import { IdempotencyConflictError, startOperation } from '../../../workflows/operations-client';
import { HttpProblem } from '../problem';
import { CreateOperationBody, CreateOperationHeaders } from '../schemas/create-operation';
import { Operation, operationPath, toOperationJson } from '../schemas/operation';
import { problemResponses } from '../schemas/problem';

/** What a create request asks for, whatever its content type (JSON now; multipart adds `inputFile`). */
interface CreateRequest {
  job: string;
  params: unknown;
  idempotencyKey: string | undefined;
  inputFile: StoredFile | null;
}

/** `POST /v1/operations`: checks the job and its params, then starts one workflow (or finds the idempotent one). */
const createOperationRoute: FastifyPluginAsyncTypebox<{ jobs: JobRegistry }> = async (app, { jobs }) => {
  app.post(
    '/v1/operations',
    {
      schema: {
        summary: 'Start an operation',
        description:
          'Starts one run of a job. With an idempotency key (header or field), the same key from the same user returns the first operation with 200.',
        tags: ['operations'],
        headers: CreateOperationHeaders,
        body: { content: { 'application/json': { schema: CreateOperationBody } } },
        response: {
          200: { description: 'An idempotent replay: the operation the key started before', ...json(Operation) },
          201: { description: 'The operation was started', ...json(Operation) },
          ...problemResponses(400, 401, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const createRequest = readJsonRequest(request);
      const registered = jobs.get(createRequest.job);
      const check = jobs.checkParams(createRequest.job, createRequest.params);
      if (!registered || !check.ok) {
        const errors = check.ok ? [] : check.errors;
        throw new HttpProblem(422, 'The job or its params are not valid.', { errors });
      }
      let result;
      try {
        result = await startOperation(
          app.temporal.client,
          {
            job: registered.name,
            params: check.params,
            userId: request.userId,
            run: registered.run,
            inputFile: createRequest.inputFile,
            idempotencyKey: createRequest.idempotencyKey,
          },
          { taskQueue: app.temporal.taskQueue, deadlineMs: app.temporal.deadlineMs },
        );
      } catch (error) {
        if (error instanceof IdempotencyConflictError) throw new HttpProblem(409, error.message);
        throw error;
      }
      const body = toOperationJson(result.operation);
      if (!result.created) return reply.code(200).send(body);
      app.metrics.operationsStarted.inc({ job: registered.name });
      return reply.code(201).header('location', operationPath(body.id)).send(body);
    },
  );
};

export default createOperationRoute;

function json<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}

function readJsonRequest(request: FastifyRequest): CreateRequest {
  // Without a body (and so without a content type) Fastify runs no body validation.
  if (request.body === undefined || request.body === null) {
    throw new HttpProblem(400, 'A JSON body { job, params } is required.');
  }
  const body = request.body as CreateOperationBody;
  const header = (request.headers as CreateOperationHeaders)['idempotency-key'];
  if (header !== undefined && body.idempotencyKey !== undefined && header !== body.idempotencyKey) {
    throw new HttpProblem(400, 'The Idempotency-Key header and the idempotencyKey field differ.', {
      errors: [
        { name: 'idempotency-key', message: 'differs from the idempotencyKey field' },
        { path: '/idempotencyKey', message: 'differs from the Idempotency-Key header' },
      ],
    });
  }
  return { job: body.job, params: body.params ?? {}, idempotencyKey: header ?? body.idempotencyKey, inputFile: null };
}
