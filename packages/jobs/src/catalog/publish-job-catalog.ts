import type { ObjectStore } from '../files/object-store';
import { JobRegistry } from '../job/job-registry';
import type { JobClass } from '../job/operation-job';
import { JOB_CATALOG_VERSION, JOB_NAME_PATTERN, jobCatalogKey, type JobCatalogEntry } from './job-catalog-entry';

export interface PublishJobCatalogOptions {
  objectStore: ObjectStore;
  /** The task queue this worker polls: where the API starts these jobs' operations. */
  taskQueue: string;
  jobs: JobClass<never>[] | JobRegistry;
}

/**
 * Tells every API of the deployment which jobs this worker runs, with their params schemas, so
 * `POST /v1/operations` validates and starts them on this worker's task queue. Call it at
 * worker start; a job published again replaces its entry (the last worker to start wins).
 */
export async function publishJobCatalog({ objectStore, taskQueue, jobs }: PublishJobCatalogOptions): Promise<void> {
  const registry = jobs instanceof JobRegistry ? jobs : new JobRegistry(jobs);
  const publishedAt = new Date().toISOString();
  for (const job of registry.list()) {
    if (!JOB_NAME_PATTERN.test(job.name)) throw new Error(`Job name ${JSON.stringify(job.name)} cannot be published`);
    const entry: JobCatalogEntry = {
      version: JOB_CATALOG_VERSION,
      name: job.name,
      description: job.description,
      paramsSchema: job.paramsSchema,
      run: job.run,
      taskQueue,
      publishedAt,
    };
    const body = Buffer.from(JSON.stringify(entry));
    await objectStore.client.putObject(objectStore.bucket, jobCatalogKey(job.name), body, body.length, {
      'Content-Type': 'application/json',
    });
  }
}
