import { createCleanupFiles, type CleanupFilesDependencies } from './cleanup-files';

/** The cleanup activities, bound to their dependencies. */
export function createCleanupActivities(dependencies: CleanupFilesDependencies) {
  return { cleanupOperationFiles: createCleanupFiles(dependencies) };
}

export type CleanupActivities = ReturnType<typeof createCleanupActivities>;
