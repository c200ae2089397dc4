import { Webhook } from 'standardwebhooks';

/** One receiver of webhooks, as the operator configured it. */
export interface WebhookEndpoint {
  url: string;
  /** A Standard Webhooks secret, `whsec_` then base64. */
  secret: string;
}

/**
 * The operator's endpoints: the defaults, and per job a list that replaces them. End users
 * never name an endpoint (no request can make the worker call an address of its choosing).
 */
export interface WebhookEndpoints {
  defaults: WebhookEndpoint[];
  byJob?: Record<string, WebhookEndpoint[]>;
}

/** The endpoints that hear about operations of `job`. */
export function endpointsFor(endpoints: WebhookEndpoints | undefined, job: string): WebhookEndpoint[] {
  return endpoints?.byJob?.[job] ?? endpoints?.defaults ?? [];
}

/** Why a secret is not a usable Standard Webhooks secret, or null when it is. */
export function webhookSecretProblem(secret: string): string | null {
  if (!secret.startsWith('whsec_')) return 'must start with whsec_';
  const body = secret.slice('whsec_'.length);
  // The specification asks for 24 to 64 random bytes, base64-encoded.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return 'must be whsec_ followed by base64';
  const bytes = Buffer.from(body, 'base64').length;
  if (bytes < 24 || bytes > 64) return `must hold 24 to 64 bytes (it holds ${bytes})`;
  try {
    new Webhook(secret);
  } catch {
    return 'must be whsec_ followed by base64';
  }
  return null;
}

/** Why a URL is not a webhook endpoint, or null when it is one. */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry credentials (the signature authenticates)';
  return null;
}

/** A URL as logs and records may show it: its origin, never its path or query (which may hold a key). */
export function endpointLabel(url: string): string {
  return new URL(url).origin;
}
