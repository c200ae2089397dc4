import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from 'typebox';
import { MAX_PARAMS_DEPTH, type JobRunOptions } from '@temporal-operations/client';
import type { JobClass, OperationJob } from './operation-job';

/** A job the service can run, as the API and the worker see it. */
export interface RegisteredJob {
  name: string;
  description: string;
  paramsSchema: TSchema;
  run: JobRunOptions;
  create(): OperationJob<unknown>;
}

/** One failing field of a job's params: a JSON pointer and what is wrong. */
export interface ParamsError {
  path: string;
  message: string;
}

/** A failed check lists at most `MAX_LISTED_PARAMS_ERRORS` of its `errorCount` errors. */
export type ParamsCheck = { ok: true; params: unknown } | { ok: false; errors: ParamsError[]; errorCount: number };

/** Enough to fix a request by; a hostile body can fail hundreds of thousands of times. */
export const MAX_LISTED_PARAMS_ERRORS = 100;

const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
const DEFAULT_MAXIMUM_ATTEMPTS = 5;

/** The jobs a deployment offers, by name, with their compiled params validators. */
export class JobRegistry {
  readonly #jobs = new Map<string, { job: RegisteredJob; validate: ValidateFunction }>();
  // allErrors: a person fixing a request wants every failing field at once.
  readonly #ajv = addFormats.default(new Ajv({ allErrors: true, useDefaults: true, strict: false }));

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
      this.#jobs.set(job.name, { job, validate: this.#ajv.compile(jobClass.params) });
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
    if (!entry) {
      return { ok: false, errors: [{ path: '/job', message: `Unknown job ${JSON.stringify(name)}` }], errorCount: 1 };
    }
    if (depthOf(params, MAX_PARAMS_DEPTH) > MAX_PARAMS_DEPTH) {
      return {
        ok: false,
        errors: [{ path: '/params', message: `must not be nested deeper than ${MAX_PARAMS_DEPTH} levels` }],
        errorCount: 1,
      };
    }
    const withDefaults = structuredClone(params ?? {});
    if (entry.validate(withDefaults)) return { ok: true, params: withDefaults };
    const errors = entry.validate.errors ?? [];
    return {
      ok: false,
      errors: errors.slice(0, MAX_LISTED_PARAMS_ERRORS).map(toParamsError),
      errorCount: errors.length,
    };
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

/** How deeply a JSON value nests, counting no further than `limit + 1` (iterative: no stack to overflow). */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function toParamsError(error: ErrorObject): ParamsError {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
  if (error.keyword === 'required' && params.missingProperty) {
    return { path: `/params${error.instancePath}/${params.missingProperty}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty) {
    return { path: `/params${error.instancePath}/${params.additionalProperty}`, message: 'is not allowed' };
  }
  const allowed = error.keyword === 'enum' && params.allowedValues ? `: ${params.allowedValues.join(', ')}` : '';
  return { path: `/params${error.instancePath}`, message: `${error.message ?? 'is invalid'}${allowed}` };
}
