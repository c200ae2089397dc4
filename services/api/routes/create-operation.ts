import { isDeepStrictEqual } from 'node:util';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import type { JobDescription } from '@temporal-operations/jobs';
import type { JobCatalog } from '../job-catalog';
import type { ObjectStore } from '@temporal-operations/jobs';
import { operationFileKey } from '@temporal-operations/jobs';
import type { OperationRecord, StoredFile } from '@temporal-operations/client';
import {
  IdempotencyConflictError,
  idempotentOperationId,
  newOperationId,
  readOperation,
  startOperation,
} from '@temporal-operations/client';
import { operationLocationHeader, retryAfterHeader, setOperationLocation, setRetryAfter } from '../lro-headers';
import { HttpProblem } from '../problem';
import { CreateOperationBody, CreateOperationHeaders } from '../schemas/create-operation';
import { CreateOperationForm } from '../schemas/create-operation-form';
import { Operation, operationPath, toOperationJson } from '../schemas/operation';
import { json, problemResponses } from '../schemas/problem';
import { CreateForm } from '../uploads/create-form';
import type { StallBound } from '../uploads/stall-guard';
import { startCertainlyRefused } from '../uploads/start-outcome';
import { UserSlots } from '../user-slots';
import { validatorCompiler } from '../validator-compiler';

export interface CreateOperationRouteOptions {
  jobs: JobCatalog;
  /** Where uploaded input files go. */
  objectStore: ObjectStore;
  /** MAX_INPUT_FILE_BYTES: a larger file answers 413 and nothing is stored. */
  maxInputFileBytes: number;
  /** Operations one user may start per minute (429 beyond). */
  createsPerMinute: number;
  /** Keys the ids that idempotency keys derive (see idempotentOperationId). */
  operationIdKey: Buffer;
  /** Uploads in progress at once (429 beyond), and how slow one may be before it is ended (408). */
  uploads: { total: number; perUser: number; stall: StallBound };
}

/** What a create request asks for, whatever its content type. */
interface CreateRequest {
  job: string;
  params: unknown;
  idempotencyKey: string | undefined;
}

/** A request whose job exists and whose params passed its schema (defaults filled in). */
interface CheckedRequest {
  job: JobDescription;
  params: unknown;
  idempotencyKey: string | undefined;
}

type StartResult = { operation: OperationRecord; created: boolean };

/**
 * `POST /v1/operations`: checks the job and its params, then starts one workflow (or finds the
 * idempotent one). A multipart request's file is streamed into the object store after its
 * fields passed those checks and before the start, which only happens once it is stored whole.
 */
const createOperationRoute: FastifyPluginAsyncTypebox<CreateOperationRouteOptions> = async (
  app,
  { jobs, objectStore, maxInputFileBytes, createsPerMinute, operationIdKey, uploads },
) => {
  // Each upload holds a socket, a spool file and a part's buffer while it uploads.
  const uploadSlots = new UserSlots(uploads.perUser, uploads.total);
  app.post(
    '/v1/operations',
    {
      config: { rateLimit: { max: createsPerMinute, timeWindow: 60_000 } },
      validatorCompiler: skipFormBody,
      schema: {
        summary: 'Start an operation',
        description:
          'Starts one run of a job, from JSON or from a multipart form with an input file. The form\'s fields (job, params as a JSON string, idempotencyKey) must come before its one file part, named "file"; the file is stored before the operation starts, and a refused request stores nothing. With an idempotency key (header or field), the same key from the same user returns the first operation with 200 (a file sent again is not stored). 413 for a file over MAX_INPUT_FILE_BYTES; 503 when the object store cannot take the file.',
        tags: ['operations'],
        headers: CreateOperationHeaders,
        body: {
          content: {
            'application/json': { schema: CreateOperationBody },
            'multipart/form-data': { schema: CreateOperationForm },
          },
        },
        response: {
          200: { description: 'An idempotent replay: the operation the key started before', ...json(Operation) },
          201: {
            description: 'The operation was started',
            headers: {
              location: { type: 'string', description: 'The path of the operation' },
              ...operationLocationHeader,
              ...retryAfterHeader,
            },
            ...json(Operation),
          },
          ...problemResponses(400, 401, 408, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const result = request.isMultipart()
        ? await createFromForm(request, reply)
        : await start(await check(readJsonRequest(request)), request.userId);
      const body = toOperationJson(result.operation);
      if (!result.created) return reply.code(200).send(body);
      app.metrics.operationsStarted.inc({ job: body.job });
      setOperationLocation(reply.code(201).header('location', operationPath(body.id)), body.id);
      return setRetryAfter(reply, body.status).send(body);
    },
  );

  /** 422 unless the job is registered and the params pass its schema. */
  async function check(createRequest: CreateRequest): Promise<CheckedRequest> {
    const registered = await jobs.find(createRequest.job);
    const checked = jobs.checkParams(createRequest.job, createRequest.params);
    if (!registered || !checked.ok) {
      const { errors, errorCount } = checked.ok ? { errors: [], errorCount: 0 } : checked;
      throw new HttpProblem(422, 'The job or its params are not valid.', { errors, errorCount });
    }
    return { job: registered, params: checked.params, idempotencyKey: createRequest.idempotencyKey };
  }

  async function start(
    checked: CheckedRequest,
    userId: string,
    upload: { id?: string; inputFile?: StoredFile | null } = {},
  ): Promise<StartResult> {
    try {
      return await startOperation(
        app.temporal.client,
        {
          job: checked.job.name,
          params: checked.params,
          userId,
          run: checked.job.run,
          idempotencyKey: checked.idempotencyKey,
          ...upload,
        },
        {
          taskQueue: checked.job.taskQueue ?? app.temporal.taskQueue,
          deadlineMs: app.temporal.deadlineMs,
          operationIdKey,
        },
      );
    } catch (error) {
      if (error instanceof IdempotencyConflictError) throw new HttpProblem(409, error.message);
      throw error;
    }
  }

  /** The multipart path: fields, checks, the file into the store under the operation's id, then the start. */
  async function createFromForm(request: FastifyRequest, reply: FastifyReply): Promise<StartResult> {
    const slot = uploadSlots.acquire(request.userId);
    if ('full' in slot) {
      reply.header('connection', 'close');
      throw new HttpProblem(
        429,
        slot.full === 'user'
          ? `At most ${uploadSlots.perUser} uploads may be in progress at once per user.`
          : 'The server takes no more uploads right now.',
        { headers: { 'retry-after': '5' } },
      );
    }
    const form = new CreateForm(request, maxInputFileBytes, uploads.stall);
    try {
      const fields = await form.readFields();
      const idempotencyKey = idempotencyKeyOf(request, fields.idempotencyKey, 'idempotencyKey');
      const checked = await check({ ...fields, idempotencyKey });
      const { userId } = request;
      // The file is stored under the operation's id, so the id comes first.
      const id = idempotencyKey
        ? await idempotentOperationId(userId, idempotencyKey, operationIdKey)
        : newOperationId();
      if (idempotencyKey && form.hasFile) {
        // A replay answers from the first operation without storing its file a second time.
        const replay = await findReplay(id, checked, userId);
        if (replay) return replay;
      }
      const inputFile = await form.storeFile(objectStore, operationFileKey(id, 'input'));
      let result: StartResult;
      try {
        result = await start(checked, userId, { id, inputFile });
      } catch (error) {
        if (!inputFile) throw error;
        if (startCertainlyRefused(error)) {
          await removeStored(request, inputFile);
          throw error;
        }
        // The outcome is unknown (Temporal timed out or went away): the workflow may have started
        // with this file, so it stays. When it did, that is the answer; when it did not, the
        // cleanup removes the file after its grace period.
        const started = await startedWith(id, inputFile);
        if (started) return { operation: started, created: true };
        throw error;
      }
      // Another request with the same key started it in between: that one's file is the operation's.
      if (!result.created && inputFile) await removeStored(request, inputFile);
      return result;
    } finally {
      slot.release();
      // Refused (or replayed) before the whole body arrived: close rather than read the rest of a large upload.
      if (!request.raw.complete) reply.header('connection', 'close');
    }
  }

  /** The operation an idempotency key already started, or null; 409 when it was for another job or params. */
  async function findReplay(id: string, checked: CheckedRequest, userId: string): Promise<StartResult | null> {
    const existing = await readOperation(app.temporal.client, id, { deadlineMs: app.temporal.deadlineMs });
    if (!existing || existing.userId !== userId) return null;
    if (existing.job !== checked.job.name || !isDeepStrictEqual(existing.params, checked.params)) {
      throw new HttpProblem(409, 'This idempotency key was already used for another job or other params');
    }
    return { operation: existing, created: false };
  }

  /** The operation `id` if Temporal has it, started with this very file; null when it has not or cannot say. */
  async function startedWith(id: string, file: StoredFile): Promise<OperationRecord | null> {
    const record = await readOperation(app.temporal.client, id, { deadlineMs: app.temporal.deadlineMs }).catch(
      () => null,
    );
    return record?.inputFile?.key === file.key ? record : null;
  }

  async function removeStored(request: FastifyRequest, file: StoredFile): Promise<void> {
    try {
      await objectStore.client.removeObject(objectStore.bucket, file.key);
    } catch (error) {
      // The cleanup schedule removes files that never became an operation.
      request.log.warn(
        { err: error, key: file.key },
        'could not remove an input file of an operation that did not start',
      );
    }
  }
};

export default createOperationRoute;

/** The form is read part by part in the handler, while its file streams; Fastify validates every other body. */
const skipFormBody: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' && route.contentType === 'multipart/form-data' ? () => true : validatorCompiler(route);

function readJsonRequest(request: FastifyRequest): CreateRequest {
  // Without a body (and so without a content type) Fastify runs no body validation.
  if (request.body === undefined || request.body === null) {
    throw new HttpProblem(400, 'A JSON body { job, params } is required.');
  }
  const body = request.body as CreateOperationBody;
  return {
    job: body.job,
    params: body.params ?? {},
    idempotencyKey: idempotencyKeyOf(request, body.idempotencyKey, '/idempotencyKey'),
  };
}

/** The idempotency key of the header or of the body; 400 when both are sent and differ. */
function idempotencyKeyOf(request: FastifyRequest, field: string | undefined, fieldName: string): string | undefined {
  const header = (request.headers as CreateOperationHeaders)['idempotency-key'];
  if (header !== undefined && field !== undefined && header !== field) {
    const fieldError = fieldName.startsWith('/')
      ? { path: fieldName, message: 'differs from the Idempotency-Key header' }
      : { name: fieldName, message: 'differs from the Idempotency-Key header' };
    throw new HttpProblem(400, 'The Idempotency-Key header and the idempotencyKey field differ.', {
      errors: [{ name: 'idempotency-key', message: 'differs from the idempotencyKey field' }, fieldError],
    });
  }
  return header ?? field;
}
