import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  FINISHED_STATUSES,
  newOperationId,
  startOperation,
  type OperationRecord,
  type StoredFile,
} from '@temporal-operations/client';
import { isOperationFile, operationFileKey, type ObjectStore } from '@temporal-operations/jobs';
import type { JobCatalog } from '../job-catalog';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { operationPath, toOperationJson } from '../schemas/operation';
import { problemResponses } from '../schemas/problem';
import { RerunBody, RerunResult } from '../schemas/rerun-operation';

/**
 * `POST /v1/operations/{id}/rerun`: starts a new operation of a finished one's job, with its
 * params or edited ones (checked as at creation). The input file is copied under the new
 * operation, so each keeps its own files for its own retention. The new one records `rerunOf`;
 * the original is closed and cannot record anything more, so the link is kept on the new side.
 */
const rerunOperationRoute: FastifyPluginAsyncTypebox<{ jobs: JobCatalog; objectStore: ObjectStore }> = async (
  app,
  { jobs, objectStore },
) => {
  app.post(
    '/v1/operations/:id/rerun',
    {
      config: { operationSession: true },
      schema: {
        summary: 'Run a finished operation again',
        description:
          "Starts a new operation of the same job with the same params, or with `params` edited (checked against the job's schema: 422). The input file, if any, is reused. The new operation's `rerunOf` names this one; `session` is a browser session on it (as browser-session issues), so a page can watch it. 409 while this one has not finished. A browser may use this operation's session cookie with an X-Requested-With header.",
        tags: ['operations'],
        params: OperationIdParams,
        body: RerunBody,
        response: { 201: RerunResult, ...problemResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const original = await readOwnOperation(app, request, request.params.id);
      if (!FINISHED_STATUSES.includes(original.status)) {
        throw new HttpProblem(409, `The operation has not finished (${original.status}); cancel it or wait.`);
      }
      const job = await jobs.find(original.job);
      if (!job) throw new HttpProblem(422, `The job ${JSON.stringify(original.job)} is no longer registered.`);
      const check = jobs.checkParams(job.name, request.body?.params ?? original.params);
      if (!check.ok) {
        throw new HttpProblem(422, "The params do not fit the job's schema.", {
          errors: check.errors.map((error) => ({ path: error.path, message: error.message })),
          errorCount: check.errorCount,
        });
      }
      const id = newOperationId();
      const inputFile = await copyInputFile(objectStore, original, id);
      const { operation } = await startOperation(
        app.temporal.client,
        {
          id,
          job: job.name,
          params: check.params,
          userId: request.userId,
          run: job.run,
          inputFile,
          rerunOf: original.id,
        },
        { taskQueue: job.taskQueue ?? app.temporal.taskQueue, deadlineMs: app.temporal.deadlineMs },
      );
      // The page that asked watches an operation it has no session for yet: it gets one, never
      // outliving the credential of this request.
      const sessions = app.operationAccess.sessions;
      const session = sessions
        ? await sessions.issue(request.userId, id, request.credentialExpiresAt ?? undefined)
        : null;
      return reply
        .code(201)
        .header('location', operationPath(id))
        .header('cache-control', 'no-store')
        .send({
          ...toOperationJson(operation),
          session: session ? { token: session.token, expiresAt: session.expiresAt.toISOString() } : null,
        });
    },
  );
};

export default rerunOperationRoute;

/** A copy of the original's input file under the new operation, or null when it had none. */
async function copyInputFile(store: ObjectStore, original: OperationRecord, id: string): Promise<StoredFile | null> {
  const file = original.inputFile;
  if (!file || !isOperationFile(file, original.id)) return null;
  const key = operationFileKey(id, 'input');
  try {
    await store.client.copyObject(store.bucket, key, `/${store.bucket}/${file.key}`);
  } catch (error) {
    if ((error as { code?: string }).code === 'NoSuchKey') {
      throw new HttpProblem(
        409,
        'The input file of this operation is no longer stored; start a new operation with it.',
      );
    }
    throw new HttpProblem(503, 'The file store is unavailable; try again later.', { headers: { 'retry-after': '5' } });
  }
  return { ...file, key };
}
