/**
 * What other TypeScript services use to start, read, list and cancel operations through
 * Temporal directly (the HTTP API uses the same functions). Not part of the workflow bundle.
 */
export { answerQuestion, OperationClosedError } from './answer-question';
export { completedEventRecord, recordFromCloseEvent } from './close-event-record';
export { cancelOperation } from './cancel-operation';
export {
  InvalidPageTokenError,
  listOperations,
  quoteQueryValue,
  type ListFilter,
  type OperationSummary,
} from './list-operations';
export { idempotentOperationId, isOperationId, newOperationId } from './operation-ids';
export { openQuestion, readOperation, type ReadOptions, type WorkflowRecordCache } from './read-operation';
export {
  IdempotencyConflictError,
  startOperation,
  type StartOperationOptions,
  type StartOperationRequest,
} from './start-operation';
export { watchOperation, type WatchOptions } from './watch-operation';
export { DEFAULT_DEADLINE_MS, withDeadline } from './deadline';
export { waitForOperation, type WaitForOperationOptions } from './wait-for-operation';
