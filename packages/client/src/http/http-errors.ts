import type { HttpProblem } from './api-types';

/** The API answered an error: `status` and its RFC 9457 problem (with `errors` for invalid input). */
export class OperationsHttpError extends Error {
  override name = 'OperationsHttpError';

  constructor(
    readonly status: number,
    readonly problem: HttpProblem | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `The operations API answered ${status}`);
  }
}
