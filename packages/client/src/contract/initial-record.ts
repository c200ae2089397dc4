import type { OperationInput, OperationRecord } from './definitions';

/** The record of an operation that no worker has picked up yet. */
export function initialOperationRecord(input: OperationInput): OperationRecord {
  return {
    id: input.id,
    job: input.job,
    params: input.params,
    userId: input.userId,
    status: 'created',
    percentage: null,
    logs: [],
    output: { message: null, file: null, action: null },
    error: null,
    inputFile: input.inputFile,
    createdAt: input.createdAt,
    startedAt: null,
    closedAt: null,
    question: null,
    timeline: [{ at: input.createdAt, type: 'created' }],
    rerunOf: input.rerunOf ?? null,
  };
}
