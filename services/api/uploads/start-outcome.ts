import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { HttpProblem } from '../problem';

/**
 * gRPC codes with which Temporal answers a start it did not perform: bad request, namespace
 * not found, already exists, permission denied, rate limited, failed precondition,
 * unauthenticated. A timeout, an unavailable server or an internal error leaves the outcome
 * open: the request may have reached Temporal and started the workflow.
 */
const REFUSED_CODES = new Set([3, 5, 6, 7, 8, 9, 16]);

/** Whether a failed start certainly started nothing, so the input file stored for it may go. */
export function startCertainlyRefused(error: unknown): boolean {
  if (error instanceof HttpProblem || error instanceof WorkflowExecutionAlreadyStartedError) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return REFUSED_CODES.has(code);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
