// The same change as patched-change.ts, made without `patched()`: a history recorded on the old
// code has the job scheduled where this code starts a timer, so replay must fail.
import { sleep } from '@temporalio/workflow';
import type { OperationInput, OperationRecord } from '../../../packages/client/src/contract/definitions';
import { operationWorkflow as currentOperationWorkflow } from '../../../packages/jobs/src/workflows/operation-workflow';

export async function operationWorkflow(input: OperationInput): Promise<OperationRecord> {
  await sleep(10);
  return currentOperationWorkflow(input);
}
