import { watchOperation, type OperationJson, type WatchProblem } from '@temporal-operations/status-element/transport';
import { useEffect, useState } from 'react';

export interface UseOperationOptions {
  /** The API's absolute URL; default: this page's origin. */
  apiBase?: string;
  /** The operation's session token (on the API's own origin, a user's bearer token also works). */
  sessionToken?: string;
}

export interface UseOperationResult {
  /** The latest state, or null until the first arrives. */
  operation: OperationJson | null;
  /** Why no fresh state arrives: 'not-found' has stopped; the others are being retried. */
  problem: WatchProblem | null;
}

/**
 * The live Operation, through the element's own transport (the session token in a header,
 * the event stream resumed with Last-Event-ID). Stops when the operation finishes, the
 * component unmounts, or an argument changes.
 */
export function useOperation(
  operationId: string | null | undefined,
  options: UseOperationOptions = {},
): UseOperationResult {
  const { apiBase, sessionToken } = options;
  const [result, setResult] = useState<UseOperationResult>({ operation: null, problem: null });
  useEffect(() => {
    setResult({ operation: null, problem: null });
    if (!operationId) return;
    return watchOperation(operationId, {
      apiBase,
      sessionToken,
      onOperation: (operation) => setResult({ operation, problem: null }),
      onError: (problem) => setResult((previous) => ({ ...previous, problem })),
    });
  }, [operationId, apiBase, sessionToken]);
  return result;
}
