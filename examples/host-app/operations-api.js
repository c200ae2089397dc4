import { serviceToken } from './service-token.js';

/**
 * The two calls this backend makes to the operations API for its user: start an operation,
 * then open a browser session on it. The session token it gets back is valid for that one
 * operation only, for at most 15 minutes; the service token never reaches the browser.
 */
export function createOperationsApi({ apiUrl, secret }) {
  async function call(userId, path, body) {
    const response = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${serviceToken(secret, userId)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${json.detail ?? json.title}`);
    return json;
  }

  return {
    /** Starts a job for `userId` and answers what the page needs to watch it. */
    async startWatched(userId, job, params) {
      const operation = await call(userId, '/v1/operations', { job, params });
      const session = await call(userId, `/v1/operations/${operation.id}/browser-session`);
      return { operationId: operation.id, sessionToken: session.token, apiBase: apiUrl };
    },
  };
}
