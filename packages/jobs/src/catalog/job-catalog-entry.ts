import type { JobDescription } from '../job/job-registry';

/**
 * The job catalog lives in the object store, beside the files: `catalog/jobs/<name>.json`, one
 * object per job, written by the workers that run it and read by every API. The object store
 * is the one thing both always share, and it is outside `operations/`, which the cleanup owns.
 */
export const JOB_CATALOG_PREFIX = 'catalog/jobs/';

/** The format's version; a reader skips entries of versions it does not know. */
export const JOB_CATALOG_VERSION = 1;

/** Job names are class names: safe as object keys and in messages. */
export const JOB_NAME_PATTERN = /^[A-Za-z_$][\w$]{0,127}$/;

/** What one catalog object holds. */
export interface JobCatalogEntry extends Required<JobDescription> {
  version: typeof JOB_CATALOG_VERSION;
  publishedAt: string;
}

export function jobCatalogKey(name: string): string {
  return `${JOB_CATALOG_PREFIX}${name}.json`;
}

/** The entry when `value` is a well-formed one; otherwise why not. */
export function parseJobCatalogEntry(value: unknown): JobCatalogEntry | string {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const entry = value as Partial<JobCatalogEntry>;
  if (entry.version !== JOB_CATALOG_VERSION) return `version ${String(entry.version)} is not ${JOB_CATALOG_VERSION}`;
  if (typeof entry.name !== 'string' || !JOB_NAME_PATTERN.test(entry.name)) return 'name is not a job name';
  if (typeof entry.taskQueue !== 'string' || entry.taskQueue.length === 0) return 'taskQueue is missing';
  if (typeof entry.paramsSchema !== 'object' || entry.paramsSchema === null) return 'paramsSchema is not an object';
  const run = entry.run;
  if (
    typeof run !== 'object' ||
    run === null ||
    !Number.isInteger(run.timeoutMs) ||
    run.timeoutMs <= 0 ||
    !Number.isInteger(run.maximumAttempts) ||
    run.maximumAttempts <= 0 ||
    typeof run.retryJobErrors !== 'boolean'
  ) {
    return 'run is not { timeoutMs, maximumAttempts, retryJobErrors }';
  }
  return { ...entry, description: typeof entry.description === 'string' ? entry.description : '' } as JobCatalogEntry;
}
