// The operation workflow after a change made by the rule (README, "Changing a workflow"): the
// new step, a short timer before the job, runs only where `patched()` says the history allows,
// so operations started on the old code replay as they ran and new ones take the new step.
import { patched, sleep } from '@temporalio/workflow';
import type { OperationInput, OperationRecord } from '../../../packages/client/src/contract/definitions';
import { operationWorkflow as currentOperationWorkflow } from '../../../packages/jobs/src/workflows/operation-workflow';

export const START_DELAY_PATCH = 'versioning-demo-start-delay';

export async function operationWorkflow(input: OperationInput): Promise<OperationRecord> {
  if (patched(START_DELAY_PATCH)) await sleep(10);
  return currentOperationWorkflow(input);
}
