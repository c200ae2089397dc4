import type { NativeConnectionPlugin, WorkerPlugin } from '@temporalio/worker';

/** The baseline activity: answers its argument. */
async function bareActivity(id: string): Promise<string> {
  return id;
}

export type BareActivities = { bareActivity: typeof bareActivity };

/**
 * Adds the bare activity to a worker built by `createOperationsWorker`, which takes no extra
 * activities: passed on the worker's NativeConnection, it reaches `Worker.create` untouched.
 */
export const bareActivityPlugin: WorkerPlugin & NativeConnectionPlugin = {
  name: 'bench-bare-activity',
  configureWorker: (options) => ({ ...options, activities: { ...options.activities, bareActivity } }),
};
