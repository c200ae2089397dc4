import { proxyActivities } from '@temporalio/workflow';
import type { CleanupActivities, CleanupReport } from '@temporal-operations/client/contract';

const { cleanupOperationFiles } = proxyActivities<CleanupActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

/** Removes the files of expired operations; run by a Temporal Schedule. */
export async function cleanupFilesWorkflow(): Promise<CleanupReport> {
  return cleanupOperationFiles();
}
