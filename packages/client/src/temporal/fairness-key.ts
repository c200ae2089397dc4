/** Temporal limits a fairness key to 64 bytes. */
const MAX_FAIRNESS_KEY_BYTES = 64;

/**
 * The fairness key of a user's operations: Temporal's matching dispatches backlogged tasks of
 * different keys in turn (with `matching.enableFairness` on), so one user's thousand queued
 * jobs do not go before another user's one. The user id itself when it fits, else its digest.
 */
export async function fairnessKeyOf(userId: string): Promise<string> {
  const bytes = new TextEncoder().encode(userId);
  if (bytes.length <= MAX_FAIRNESS_KEY_BYTES) return userId;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Buffer.from(digest).toString('base64url')}`;
}
