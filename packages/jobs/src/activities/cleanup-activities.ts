import type { CleanupActivities } from '@temporal-operations/client';
import { createCleanupFiles, type CleanupFilesDependencies } from './cleanup-files';

/** The cleanup activities, bound to their dependencies. */
export function createCleanupActivities(dependencies: CleanupFilesDependencies): CleanupActivities {
  return { cleanupOperationFiles: createCleanupFiles(dependencies) };
}
