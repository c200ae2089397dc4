import { SignJWT } from 'jose';
import type { OperationStatus } from '@temporal-operations/client';

/** The fields of the Operation JSON the benches read. */
export interface OperationJson {
  id: string;
  status: OperationStatus;
  percentage: number | null;
  logs: { at: string; message: string }[];
}

/** The longest any bench request may take before it counts as unanswered. */
const REQUEST_TIMEOUT_MS = 10_000;

/** An HS256 bearer token for `userId`, as the API's AUTH_JWT_SECRET checks it. */
export async function signToken(secret: string, userId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}

/**
 * The v1 API over real HTTP, as one user. Node's fetch keeps connections alive and opens as
 * many per origin as there are requests in flight.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** `POST /v1/operations`; answers the new operation's id. */
  async start(job: string, params: unknown): Promise<string> {
    const body = await this.request<OperationJson>('POST', '/v1/operations', { job, params }, 201);
    return body.id;
  }

  get(id: string): Promise<OperationJson> {
    return this.request('GET', `/v1/operations/${id}`, undefined, 200);
  }

  list(query = ''): Promise<{ operations: unknown[] }> {
    return this.request('GET', `/v1/operations${query}`, undefined, 200);
  }

  private async request<T>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
