import type { CleanupActivities } from '../workflows/definitions';
import { createCleanupFiles, type CleanupFilesDependencies } from './cleanup-files';

/** The cleanup activities, bound to their dependencies. */
export function createCleanupActivities(dependencies: CleanupFilesDependencies): CleanupActivities {
  return { cleanupOperationFiles: createCleanupFiles(dependencies) };
}
