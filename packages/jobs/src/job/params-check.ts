import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { MAX_PARAMS_DEPTH } from '@temporal-operations/client';

/** One failing field of a job's params: a JSON pointer and what is wrong. */
export interface ParamsError {
  path: string;
  message: string;
}

/** A failed check lists at most `MAX_LISTED_PARAMS_ERRORS` of its `errorCount` errors. */
export type ParamsCheck = { ok: true; params: unknown } | { ok: false; errors: ParamsError[]; errorCount: number };

/** Enough to fix a request by; a hostile body can fail hundreds of thousands of times. */
export const MAX_LISTED_PARAMS_ERRORS = 100;

/**
 * An Ajv as params and answers are checked with. allErrors: a person fixing a request wants
 * every failing field at once. A factory, not one instance: questions' schemas come and go,
 * and must not meet (by `$id` or `$ref`) the jobs' params schemas kept here.
 */
export function createSchemaAjv(): Ajv {
  return addFormats.default(new Ajv({ allErrors: true, useDefaults: true, strict: false }));
}

const ajv = createSchemaAjv();

/** Compiles a params schema (throws when it is not one) into a check that also fills in its defaults. */
export function compileParamsCheck(schema: object): (params: unknown) => ParamsCheck {
  const validate = ajv.compile(schema);
  return (params) => {
    if (depthOf(params, MAX_PARAMS_DEPTH) > MAX_PARAMS_DEPTH) {
      return {
        ok: false,
        errors: [{ path: '/params', message: `must not be nested deeper than ${MAX_PARAMS_DEPTH} levels` }],
        errorCount: 1,
      };
    }
    const withDefaults = structuredClone(params ?? {});
    if (validate(withDefaults)) return { ok: true, params: withDefaults };
    const errors = validate.errors ?? [];
    return {
      ok: false,
      errors: errors.slice(0, MAX_LISTED_PARAMS_ERRORS).map((error) => toFieldError(error, '/params')),
      errorCount: errors.length,
    };
  };
}

export function unknownJob(name: string): ParamsCheck {
  return { ok: false, errors: [{ path: '/job', message: `Unknown job ${JSON.stringify(name)}` }], errorCount: 1 };
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

/** One Ajv error as a failing field under `root` (`/params`, `/answer`): the field itself for missing and extra ones. */
export function toFieldError(error: ErrorObject, root: string): ParamsError {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
  if (error.keyword === 'required' && params.missingProperty) {
    return { path: `${root}${error.instancePath}/${params.missingProperty}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty) {
    return { path: `${root}${error.instancePath}/${params.additionalProperty}`, message: 'is not allowed' };
  }
  const allowed = error.keyword === 'enum' && params.allowedValues ? `: ${params.allowedValues.join(', ')}` : '';
  return { path: `${root}${error.instancePath}`, message: `${error.message ?? 'is invalid'}${allowed}` };
}
