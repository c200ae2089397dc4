import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  answerQuestion,
  FINISHED_STATUSES,
  MAX_ANSWER_BYTES,
  OperationClosedError,
  type OperationRecord,
} from '@temporal-operations/client';
import { checkAnswer } from '@temporal-operations/jobs';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { AnswerBody } from '../schemas/operation-input';
import { Operation, toOperationJson } from '../schemas/operation';
import { problemResponses } from '../schemas/problem';

/** Room for the `{"answer": …}` envelope around the largest answer; beyond it Fastify answers 413. */
const BODY_LIMIT_BYTES = MAX_ANSWER_BYTES + 1024;

/**
 * Answers an operation's open question. Everything is checked here, before Temporal hears of
 * it (the signal that carries the answer has no validator: it must work while no worker runs),
 * so a bad answer never enters the workflow's history.
 */
const operationInputRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { client, deadlineMs } = app.temporal;

  app.post(
    '/v1/operations/:id/input',
    {
      bodyLimit: BODY_LIMIT_BYTES,
      config: { operationSession: true },
      schema: {
        summary: "Answer an operation's question",
        description:
          "Answers the question of an operation that is `waiting` (its `question`). 422 lists the fields that fail the question's schema; 409 when no question is open (or `questionId` names another); 410 when the question expired; 413 over 64 KiB. The same answer sent twice is recorded once. Works while no worker runs: the job goes on when one starts. A browser may use this operation's session cookie with an X-Requested-With header.",
        tags: ['operations'],
        params: OperationIdParams,
        body: AnswerBody,
        response: { 202: Operation, ...problemResponses(400, 401, 403, 404, 409, 410, 413, 422, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { answer, questionId } = request.body;
      const record = await readOwnOperation(app, request, id);
      const question = openQuestionOf(record);
      if (questionId !== undefined && questionId !== question.id) {
        throw new HttpProblem(409, `Question ${questionId} is no longer open (question ${question.id} is).`);
      }
      if (question.expiresAt !== null && Date.parse(question.expiresAt) <= Date.now()) {
        throw new HttpProblem(410, `The question expired at ${question.expiresAt}.`);
      }
      if (answer === undefined) throw answerProblem([{ path: '/answer', message: 'is required' }]);
      if (Buffer.byteLength(JSON.stringify(answer)) > MAX_ANSWER_BYTES) {
        throw new HttpProblem(413, `The answer is over ${MAX_ANSWER_BYTES / 1024} KiB as JSON.`);
      }
      const check = checkAnswer(question.schema, answer);
      if (!check.ok) throw answerProblem(check.errors);
      try {
        await answerQuestion(client, id, { questionId: question.id, answer: check.answer }, { deadlineMs });
      } catch (error) {
        if (!(error instanceof OperationClosedError)) throw error;
        throw new HttpProblem(409, 'The operation has already finished.');
      }
      return reply.code(202).send(toOperationJson(await readOwnOperation(app, request, id)));
    },
  );
};

export default operationInputRoutes;

/** The open question, or the 409 that says why there is none. */
function openQuestionOf(record: OperationRecord) {
  if (FINISHED_STATUSES.includes(record.status)) {
    throw new HttpProblem(409, `The operation has already finished (${record.status}).`);
  }
  if (record.status !== 'waiting' || !record.question) {
    throw new HttpProblem(409, 'The operation is not waiting for an answer: no question is open.');
  }
  return record.question;
}

function answerProblem(errors: { path: string; message: string }[]): HttpProblem {
  return new HttpProblem(422, "The answer does not fit the question's schema.", { errors });
}
