import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a page token is valid for: the same user and filters as the page that issued it. */
export interface PageScope {
  userId: string;
  status?: string;
  job?: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals Temporal's page token with the server's key (AES-256-GCM, the query as associated
 * data): the client sees no Temporal internals (run ids), and a forged, altered or other
 * query's token is refused at once (Temporal would retry a garbled one until the deadline).
 */
export function sealPageToken(temporalToken: string, scope: PageScope, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(scopeBytes(scope));
  const sealed = Buffer.concat([cipher.update(temporalToken, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The Temporal token inside a sealed one, or null when this server did not issue it for this query. */
export function openPageToken(token: string, scope: PageScope, key: Buffer): string | null {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES + 1 || bytes.toString('base64url') !== token) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(scopeBytes(scope));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const opened = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return opened.toString('utf8');
  } catch {
    return null;
  }
}

function scopeBytes(scope: PageScope): Buffer {
  return Buffer.from(JSON.stringify([scope.userId, scope.status ?? null, scope.job ?? null]));
}
