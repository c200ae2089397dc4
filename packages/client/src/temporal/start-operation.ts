import { isDeepStrictEqual } from 'node:util';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  OPERATION_WORKFLOW_TYPE,
  operationJobSearchAttribute,
  operationStatusSearchAttribute,
  userIdSearchAttribute,
  type JobRunOptions,
  type OperationInput,
  type OperationRecord,
  type StoredFile,
} from '../contract/definitions';
import { initialOperationRecord } from '../contract/initial-record';
import { withDeadline } from './deadline';
import { fairnessKeyOf } from './fairness-key';
import { idempotentOperationId, newOperationId } from './operation-ids';
import { readOperation } from './read-operation';

export interface StartOperationRequest {
  job: string;
  /** Already validated against the job's schema, defaults filled. */
  params: unknown;
  userId: string;
  run: JobRunOptions;
  inputFile?: StoredFile | null;
  idempotencyKey?: string;
  /** The operation this one runs again (`POST …/rerun`). */
  rerunOf?: string;
  /**
   * The operation id, when the caller needed it first (an input file is stored under it before
   * the start). With an idempotency key it must be `idempotentOperationId(userId, key, operationIdKey)`.
   * @default derived from the idempotency key, or a new id
   */
  id?: string;
}

export interface StartOperationOptions {
  taskQueue: string;
  deadlineMs?: number;
  /**
   * The deployment's operation-id key, needed with an idempotency key (the API derives it from
   * OPERATIONS_SECRET): the same key gives the same id in every service that starts operations.
   */
  operationIdKey?: Uint8Array;
}

/** The idempotency key was used before by the same user for another job or other params. */
export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
}

/**
 * Starts an operation: one `operationWorkflow` whose id is the operation id. With an
 * idempotency key the id is derived from user and key, so a repeated request finds the first
 * operation (`created: false`) on any API process, as long as Temporal retains it.
 */
export async function startOperation(
  client: Client,
  request: StartOperationRequest,
  options: StartOperationOptions,
): Promise<{ operation: OperationRecord; created: boolean }> {
  const id =
    request.id ??
    (request.idempotencyKey
      ? await idempotentOperationId(request.userId, request.idempotencyKey, requireIdKey(options))
      : newOperationId());
  const fairnessKey = await fairnessKeyOf(request.userId);
  const input: OperationInput = {
    id,
    job: request.job,
    params: request.params,
    userId: request.userId,
    inputFile: request.inputFile ?? null,
    createdAt: new Date().toISOString(),
    run: request.run,
    ...(request.rerunOf ? { rerunOf: request.rerunOf } : {}),
  };
  try {
    await withDeadline(client, options.deadlineMs, () =>
      client.workflow.start(OPERATION_WORKFLOW_TYPE, {
        args: [input],
        workflowId: id,
        taskQueue: options.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `${request.job} for ${request.userId}`,
        // The job activity inherits it: a user's backlog shares dispatch with everyone else's.
        priority: { fairnessKey },
        typedSearchAttributes: [
          { key: userIdSearchAttribute, value: request.userId },
          { key: operationJobSearchAttribute, value: request.job },
          { key: operationStatusSearchAttribute, value: 'created' },
        ],
      }),
    );
    return { operation: initialOperationRecord(input), created: true };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !request.idempotencyKey) throw error;
    const existing = await readOperation(client, id, { deadlineMs: options.deadlineMs });
    if (!existing || existing.userId !== request.userId) throw error;
    if (existing.job !== request.job || !isDeepStrictEqual(existing.params, request.params)) {
      throw new IdempotencyConflictError('This idempotency key was already used for another job or other params');
    }
    return { operation: existing, created: false };
  }
}

function requireIdKey(options: StartOperationOptions): Uint8Array {
  if (!options.operationIdKey) throw new TypeError('An idempotency key needs options.operationIdKey');
  return options.operationIdKey;
}
