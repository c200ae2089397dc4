import { createRunJob, type RunJobDependencies } from './run-job';

/** The activities the worker registers, bound to their dependencies. */
export function createActivities(dependencies: RunJobDependencies) {
  return { runJob: createRunJob(dependencies) };
}

export type OperationActivities = ReturnType<typeof createActivities>;
export { OperationJob, type JobClass } from './operation-job';
export type { InputFile, OutputFileOptions, OutputFileSource } from './job-files';
