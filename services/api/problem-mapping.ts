import { HttpProblem, problemBody, type FieldError, type ProblemBody } from './problem';

/** What the error handler sends for an error, and whether it was the server's fault (then logged). */
export interface MappedProblem {
  body: ProblemBody;
  headers: Record<string, string>;
  serverError: boolean;
}

/** One error of a schema validator (TypeBox and Ajv share this shape). */
interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: ValidationIssue[];
  validationContext?: string;
}

/** gRPC codes that mean Temporal could not be reached or did not answer in time. */
// CANCELLED too: an overloaded server cancels calls it cannot serve, which is no fault of the request.
const TEMPORAL_UNAVAILABLE_CODES = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

const FASTIFY_DETAILS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    detail: 'This content type is not accepted here; send application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, detail: 'The request body is empty but its content type is JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, detail: 'The request body does not match its Content-Length.' },
};

/**
 * Maps any error a request can end with to an RFC 9457 problem. Client errors keep their
 * explanation; server errors get a generic title only, so no message or stack leaks.
 */
export function problemFromError(error: unknown): MappedProblem {
  if (error instanceof HttpProblem) {
    return { body: error.toBody(), headers: error.headers, serverError: error.status >= 500 };
  }
  const fastifyError = (error ?? {}) as FastifyLikeError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'body';
    return clientProblem(400, `The request ${describeContext(context)} is not valid.`, {
      errors: fieldErrors(context, fastifyError.validation),
    });
  }
  const known = fastifyError.code ? FASTIFY_DETAILS[fastifyError.code] : undefined;
  if (known) return clientProblem(known.status, known.detail);
  if (isTemporalUnavailable(error)) {
    return {
      body: problemBody(503, 'Temporal is not reachable right now; try again shortly.'),
      headers: { 'retry-after': '1' },
      serverError: true,
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors carry fixed, safe messages.
    return clientProblem(status, error instanceof Error ? error.message : undefined);
  }
  return { body: problemBody(500, undefined, { title: 'Internal Server Error' }), headers: {}, serverError: true };
}

function clientProblem(status: number, detail: string | undefined, options?: { errors?: FieldError[] }): MappedProblem {
  return { body: problemBody(status, detail, options), headers: {}, serverError: false };
}

function describeContext(context: string): string {
  return context === 'querystring' ? 'query string' : context === 'params' ? 'path' : context;
}

/**
 * Turns validator errors into one entry per failing field: JSON pointers for the body, names
 * for the query string, headers and path. Union branches that failed inside a reported
 * `anyOf` are dropped, as they only repeat it.
 */
export function fieldErrors(context: string, issues: ValidationIssue[]): FieldError[] {
  const located = (pointer: string, message: string): FieldError =>
    context === 'body' ? { path: pointer || '/', message } : { name: nameOf(pointer), message };
  const anyOfPaths = new Set(issues.filter((issue) => issue.keyword === 'anyOf').map((issue) => issue.instancePath));
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const pointer = issue.instancePath ?? '';
    if (issue.keyword === 'boolean' && issue.schemaPath?.endsWith('/additionalProperties')) continue;
    if (issue.keyword !== 'anyOf' && anyOfPaths.has(pointer) && issue.schemaPath?.includes('/anyOf/')) continue;
    const required = issue.params?.requiredProperties ?? issue.params?.missingProperty;
    const extra = issue.params?.additionalProperties ?? issue.params?.additionalProperty;
    if (issue.keyword === 'required' && required !== undefined) {
      for (const property of [required].flat() as string[])
        errors.push(located(`${pointer}/${property}`, 'is required'));
    } else if (issue.keyword === 'additionalProperties' && extra !== undefined) {
      for (const property of [extra].flat() as string[])
        errors.push(located(`${pointer}/${property}`, 'is not allowed'));
    } else {
      errors.push(located(pointer, issue.message ?? 'is not valid'));
    }
  }
  return dedupe(errors);
}

function nameOf(pointer: string): string {
  return pointer.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path ?? error.name}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether an error (or one of its causes) is a gRPC failure to reach Temporal or to hear back in time. */
export function isTemporalUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number' && TEMPORAL_UNAVAILABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
