import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { CLEANUP_SCHEDULE_ID, CLEANUP_WORKFLOW_TYPE } from '@temporal-operations/client';

/**
 * Makes sure one Temporal Schedule starts the file cleanup every `intervalMs`. Every worker
 * calls this at start; the first creates it, the others align its interval.
 */
export async function ensureCleanupSchedule(
  client: Client,
  options: { taskQueue: string; intervalMs: number },
): Promise<void> {
  const spec = { intervals: [{ every: options.intervalMs }] };
  try {
    await client.schedule.create({
      scheduleId: CLEANUP_SCHEDULE_ID,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: CLEANUP_WORKFLOW_TYPE,
        workflowId: CLEANUP_SCHEDULE_ID,
        taskQueue: options.taskQueue,
      },
      policies: { overlap: 'SKIP' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(CLEANUP_SCHEDULE_ID).update((schedule) => ({ ...schedule, spec }));
  }
}
