/** Failure type of a workflow that ended as a failed operation; its details hold the record. */
export const OPERATION_FAILED_TYPE = 'OperationFailed';
