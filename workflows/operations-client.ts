/**
 * What other TypeScript services use to start, read, list and cancel operations through
 * Temporal directly (the HTTP API uses the same functions). Not part of the workflow bundle.
 */
export { cancelOperation } from './client/cancel-operation';
export {
  InvalidPageTokenError,
  listOperations,
  quoteQueryValue,
  type ListFilter,
  type OperationSummary,
} from './client/list-operations';
export { idempotentOperationId, isOperationId, newOperationId } from './client/operation-ids';
export { readOperation, type ReadOptions, type WorkflowRecordCache } from './client/read-operation';
export {
  IdempotencyConflictError,
  startOperation,
  type StartOperationOptions,
  type StartOperationRequest,
} from './client/start-operation';
export { watchOperation, type WatchOptions } from './client/watch-operation';
