import { STATUS_CODES } from 'node:http';

/** One failing field: a JSON pointer into the body (`path`) or a query, header or path parameter (`name`). */
export interface FieldError {
  path?: string;
  name?: string;
  message: string;
}

/** An RFC 9457 problem details object, as the API sends it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  errorCount?: number;
  [extension: string]: unknown;
}

/** A problem lists at most this many failing fields, and says how many there were. */
export const MAX_LISTED_ERRORS = 100;

export interface HttpProblemOptions {
  /** A URI naming the kind of problem; `about:blank` means "just the HTTP status". */
  type?: string;
  title?: string;
  errors?: FieldError[];
  /** How many fields failed, when `errors` was already cut to a listing; else its length. */
  errorCount?: number;
  headers?: Record<string, string>;
  /** Extra members of the problem object (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
}

/**
 * An error a route throws to answer with a problem: the status, a detail safe to show to the
 * client, and optionally the failing fields. The error handler turns it into the response.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly detail: string,
    private readonly options: HttpProblemOptions = {},
  ) {
    super(detail);
    this.headers = options.headers ?? {};
  }

  toBody(): ProblemBody {
    return problemBody(this.status, this.detail, this.options);
  }
}

/** Builds a problem object; the title defaults to the status's reason phrase. */
export function problemBody(status: number, detail: string | undefined, options: HttpProblemOptions = {}): ProblemBody {
  return {
    ...options.extensions,
    type: options.type ?? 'about:blank',
    title: options.title ?? STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(options.errors
      ? {
          errors: options.errors.slice(0, MAX_LISTED_ERRORS),
          errorCount: Math.max(options.errorCount ?? 0, options.errors.length),
        }
      : {}),
  };
}

/** The one answer for an operation that does not exist or is someone else's: the two must not differ. */
export function operationNotFound(): HttpProblem {
  return new HttpProblem(404, 'There is no operation with this id.');
}
