import type { Client } from '@temporalio/client';
import { withDeadline } from './deadline';

/** Asks an operation to stop through Temporal's own cancellation; the job sees its AbortSignal fire. */
export async function cancelOperation(
  client: Client,
  id: string,
  options: { deadlineMs?: number } = {},
): Promise<void> {
  await withDeadline(client, options.deadlineMs, () => client.workflow.getHandle(id).cancel());
}
