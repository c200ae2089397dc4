import { hkdfSync } from 'node:crypto';

/** Keys only this deployment's API processes know, each for one use. */
export interface ServerKeys {
  /** Seals page tokens (AES-256-GCM): clients can neither read nor alter them. */
  pageToken: Buffer;
  /** Keys the idempotency hash, so nobody can compute another user's operation id. */
  operationId: Buffer;
  /** Signs share links (HS256): only this deployment can make one. */
  shareToken: Buffer;
}

/**
 * Derives the API's keys (HKDF-SHA256) from OPERATIONS_SECRET, or from AUTH_JWT_SECRET when
 * that is the only shared secret: every API process agrees on them with no key store.
 */
export function deriveServerKeys(secret: string): ServerKeys {
  const derive = (use: string) => Buffer.from(hkdfSync('sha256', secret, 'temporal-operations', use, 32));
  return {
    pageToken: derive('page-token v1'),
    operationId: derive('operation-id v1'),
    shareToken: derive('share-token v1'),
  };
}
