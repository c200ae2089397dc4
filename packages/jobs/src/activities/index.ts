import type { OperationActivities } from '@temporal-operations/client';
import { createRunJob, type RunJobDependencies } from './run-job';

/** The activities the worker registers, bound to their dependencies. */
export function createActivities(dependencies: RunJobDependencies): OperationActivities {
  return { runJob: createRunJob(dependencies) };
}
export { OperationJob, type JobClass } from '../job/operation-job';
export type { InputFile, OutputFileOptions, OutputFileSource } from '../job/job-files';
