import { createHash } from 'node:crypto';

/** What a page token is valid for: the same user and filters as the page that issued it. */
export interface PageScope {
  userId: string;
  status?: string;
  job?: string;
}

/**
 * Wraps Temporal's page token with a digest of itself and its query. Temporal answers a
 * garbled token with UNKNOWN, which the SDK retries until the deadline, so only tokens this
 * API issued for the same query may reach it; any other answers 400 at once. The digest has
 * no key: it stops garbled, truncated and cross-query tokens, not a forger, who can only
 * waste their own request's deadline.
 */
export function sealPageToken(temporalToken: string, scope: PageScope): string {
  return `${temporalToken}.${digest(temporalToken, scope)}`;
}

/** The Temporal token inside a sealed one, or null when it was not issued for this query. */
export function openPageToken(token: string, scope: PageScope): string | null {
  const separator = token.lastIndexOf('.');
  if (separator <= 0) return null;
  const temporalToken = token.slice(0, separator);
  return token.slice(separator + 1) === digest(temporalToken, scope) ? temporalToken : null;
}

function digest(temporalToken: string, scope: PageScope): string {
  const material = JSON.stringify([scope.userId, scope.status ?? null, scope.job ?? null, temporalToken]);
  return createHash('sha256').update(material).digest('base64url').slice(0, 22);
}
