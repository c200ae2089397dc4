import { createHash } from 'node:crypto';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { answerQuestionSignal, type QuestionAnswer } from '../contract/questions';
import { withDeadline } from './deadline';

/** The gRPC status of a workflow that is not there (or has closed, for a signal). */
const GRPC_NOT_FOUND = 5;

/** Thrown when the operation closed before the answer reached it. */
export class OperationClosedError extends Error {
  override name = 'OperationClosedError';
}

/**
 * Sends the answer to an operation's open question as a signal, which Temporal records even
 * while no worker runs. The request id is derived from the question and the answer, so the same
 * answer sent twice (a double click, a retried request) is recorded once by Temporal itself.
 * The caller checks the answer against the question's schema first: the workflow takes it as is.
 */
export async function answerQuestion(
  client: Client,
  id: string,
  answer: QuestionAnswer,
  options: { deadlineMs?: number } = {},
): Promise<void> {
  const requestId = createHash('sha256')
    .update(`${id}\n${answer.questionId}\n${JSON.stringify(answer.answer)}`)
    .digest('hex')
    .slice(0, 32);
  const payloads = await encodeToPayloads(client.options.loadedDataConverter, answer);
  try {
    await withDeadline(client, options.deadlineMs, () =>
      client.workflowService.signalWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId: id },
        signalName: answerQuestionSignal.name,
        input: { payloads },
        identity: client.options.identity,
        requestId,
      }),
    );
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) {
      throw new OperationClosedError(`Operation ${id} has closed`);
    }
    throw error;
  }
}
