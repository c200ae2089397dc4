// The bench worker's workflow bundle: the production workflows plus a bare baseline. No Node imports here.
// By source path: webpack does not read tsconfig's paths, and the package's exports name its build.
import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './bare-activity';

export { cleanupFilesWorkflow, operationWorkflow } from '../packages/jobs/src/workflows/index';

const { bareActivity } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** The baseline of the end-to-end bench: one workflow, one activity, no job machinery. */
export async function bareWorkflow(id: string): Promise<string> {
  return bareActivity(id);
}
