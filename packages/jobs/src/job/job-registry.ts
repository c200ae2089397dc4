import type { TSchema } from 'typebox';
import type { JobRunOptions } from '@temporal-operations/client';
import type { JobClass, OperationJob } from './operation-job';
import { compileParamsCheck, unknownJob, type ParamsCheck } from './params-check';

/** What the API needs to know of a job to start it: no code, so it can come from another worker. */
export interface JobDescription {
  name: string;
  description: string;
  paramsSchema: TSchema;
  run: JobRunOptions;
  /** The task queue of the workers that run it; absent: the service's own. */
  taskQueue?: string;
}

/** A job the service can run, as the API and the worker see it. */
export interface RegisteredJob extends JobDescription {
  create(): OperationJob<unknown>;
}

const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
const DEFAULT_MAXIMUM_ATTEMPTS = 5;

/** The jobs a deployment offers, by name, with their compiled params validators. */
export class JobRegistry {
  readonly #jobs = new Map<string, { job: RegisteredJob; check: (params: unknown) => ParamsCheck }>();

  constructor(classes: JobClass<never>[]) {
    for (const jobClass of classes) {
      checkJobClass(jobClass);
      if (this.#jobs.has(jobClass.name)) {
        throw new Error(`Job ${jobClass.name} is registered twice: each job needs a name of its own`);
      }
      const job: RegisteredJob = {
        name: jobClass.name,
        description: jobClass.description ?? '',
        paramsSchema: jobClass.params,
        run: {
          timeoutMs: jobClass.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maximumAttempts: jobClass.maximumAttempts ?? DEFAULT_MAXIMUM_ATTEMPTS,
          retryJobErrors: jobClass.retryJobErrors ?? false,
        },
        create: () => new jobClass() as OperationJob<unknown>,
      };
      this.#jobs.set(job.name, { job, check: compileParamsCheck(jobClass.params) });
    }
  }

  get(name: string): RegisteredJob | undefined {
    return this.#jobs.get(name)?.job;
  }

  list(): RegisteredJob[] {
    return [...this.#jobs.values()].map((entry) => entry.job);
  }

  /** Checks params against the job's schema and fills in its defaults. */
  checkParams(name: string, params: unknown): ParamsCheck {
    const entry = this.#jobs.get(name);
    return entry ? entry.check(params) : unknownJob(name);
  }
}

/** What a worker can only find out when an operation runs: refused at its start instead. */
function checkJobClass(jobClass: JobClass<never>): void {
  if (typeof jobClass !== 'function' || !jobClass.name) {
    throw new Error(`A job must be a named class extending OperationJob; got ${String(jobClass)}`);
  }
  if (typeof (jobClass.prototype as { perform?: unknown } | undefined)?.perform !== 'function') {
    throw new Error(`Job ${jobClass.name} has no perform(params) method`);
  }
  if (typeof jobClass.params !== 'object' || jobClass.params === null) {
    throw new Error(`Job ${jobClass.name} has no params schema (static params = Type.Object(...))`);
  }
}
