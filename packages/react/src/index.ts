export { OperationStatus, type OperationStatusProps } from './operation-status';
export { useOperation, type UseOperationOptions, type UseOperationResult } from './use-operation';
export type { OperationJson, WatchProblem } from '@temporal-operations/status-element/transport';
