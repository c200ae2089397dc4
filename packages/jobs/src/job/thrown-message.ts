import { inspect } from 'node:util';

/**
 * A readable message for whatever a job threw: an Error's message, a string as it is, an
 * object's `message` or its inspected form, and a plain sentence for `undefined` or `null`
 * (which `String()` would turn into "undefined" or "[object Object]").
 */
export function thrownMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || `The job threw ${thrown.name} with no message`;
  if (typeof thrown === 'string') return thrown || 'The job threw an empty string';
  if (thrown === undefined || thrown === null) return `The job failed without an error (it threw ${thrown})`;
  const message = (thrown as { message?: unknown }).message;
  if (typeof message === 'string' && message) return message;
  return `The job threw ${inspect(thrown, { depth: 3, breakLength: Infinity, maxStringLength: 2000 })}`;
}
