import createClient, { type Client as FetchClient } from 'openapi-fetch';
import type { paths } from './openapi-types';
import type {
  HttpJobList,
  HttpListQuery,
  HttpOperation,
  HttpOperationList,
  HttpProblem,
  HttpStartRequest,
} from './api-types';
import { OperationsHttpError } from './http-errors';
import { operationEvents } from './operation-events';

export interface OperationsHttpClientOptions {
  /** Where the API is, e.g. `https://operations.internal.example.com`. */
  baseUrl: string;
  /**
   * The bearer token of each request: a user's token, or a service token whose `sub` is the
   * user the service acts for. A function is asked before every request (tokens expire).
   */
  token: string | (() => string | Promise<string>);
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface WatchHttpOptions {
  signal?: AbortSignal;
  /** Reconnections after a dropped stream before giving up (each resumes with Last-Event-ID). @default 5 */
  maxReconnects?: number;
}

const FINISHED = new Set(['completed', 'failed', 'canceled']);
/** The longest one `?wait` read may last. */
const LONG_POLL_SECONDS = 60;

/** Start, read, list, cancel, wait for and watch operations over the HTTP API, typed from its OpenAPI document. */
export interface OperationsHttpClient {
  startOperation(request: HttpStartRequest, options?: { idempotencyKey?: string }): Promise<HttpOperation>;
  readOperation(id: string): Promise<HttpOperation>;
  listOperations(query?: HttpListQuery): Promise<HttpOperationList>;
  cancelOperation(id: string): Promise<HttpOperation>;
  listJobs(): Promise<HttpJobList>;
  /** Yields the operation at once and after every change; ends after its final state. */
  watchOperation(id: string, options?: WatchHttpOptions): AsyncGenerator<HttpOperation, void, undefined>;
  /** The operation in its final state, by long polls (`GET /v1/operations/{id}?wait=60`). */
  waitForOperation(id: string, options?: { signal?: AbortSignal }): Promise<HttpOperation>;
}

export function createOperationsHttpClient(options: OperationsHttpClientOptions): OperationsHttpClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const api: FetchClient<paths> = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetchImpl });
  const bearer = async () => ({
    authorization: `Bearer ${typeof options.token === 'string' ? options.token : await options.token()}`,
  });

  async function* watchOperation(id: string, watch: WatchHttpOptions = {}): AsyncGenerator<HttpOperation> {
    let lastEventId: string | undefined;
    let reconnects = 0;
    for (;;) {
      const url = new URL(`/v1/operations/${encodeURIComponent(id)}/events`, options.baseUrl);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          headers: {
            ...(await bearer()),
            accept: 'text/event-stream',
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          signal: watch.signal,
        });
      } catch (error) {
        if (watch.signal?.aborted || ++reconnects > (watch.maxReconnects ?? 5)) throw error;
        await pause(reconnects, watch.signal);
        continue;
      }
      if (!response.ok || !response.body) throw new OperationsHttpError(response.status, await problemOf(response));
      try {
        for await (const event of operationEvents(response.body)) {
          lastEventId = event.id;
          reconnects = 0;
          yield event.operation;
          if (FINISHED.has(event.operation.status)) return;
        }
      } catch (error) {
        if (watch.signal?.aborted) throw error;
      }
      // The stream dropped before the final state: resume where it was.
      if (++reconnects > (watch.maxReconnects ?? 5)) {
        throw new Error(`The event stream of ${id} kept dropping before the operation finished`);
      }
      await pause(reconnects, watch.signal);
    }
  }

  return {
    async startOperation(request, { idempotencyKey } = {}) {
      const headers = { ...(await bearer()), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) };
      const { data, error, response } = await api.POST('/v1/operations', { body: request, headers });
      return dataOrThrow(data, error, response);
    },
    async readOperation(id) {
      const { data, error, response } = await api.GET('/v1/operations/{id}', {
        params: { path: { id } },
        headers: await bearer(),
      });
      return dataOrThrow(data, error, response);
    },
    async listOperations(query = {}) {
      const { data, error, response } = await api.GET('/v1/operations', { params: { query }, headers: await bearer() });
      return dataOrThrow(data, error, response);
    },
    async cancelOperation(id) {
      const { data, error, response } = await api.POST('/v1/operations/{id}/cancel', {
        params: { path: { id } },
        headers: await bearer(),
      });
      return dataOrThrow(data, error, response);
    },
    async listJobs() {
      const { data, error, response } = await api.GET('/v1/jobs', { headers: await bearer() });
      return dataOrThrow(data, error, response);
    },
    watchOperation,
    async waitForOperation(id, { signal } = {}) {
      // Long polls of up to a minute each (`?wait=60`): the API waits on Temporal, nobody polls.
      for (;;) {
        const { data, error, response } = await api.GET('/v1/operations/{id}', {
          params: { path: { id }, query: { wait: LONG_POLL_SECONDS } },
          headers: await bearer(),
          signal,
        });
        const operation = dataOrThrow(data, error, response);
        if (FINISHED.has(operation.status)) return operation;
      }
    },
  };
}

function dataOrThrow<T>(data: T | undefined, error: unknown, response: Response): T {
  if (data !== undefined && response.ok) return data;
  throw new OperationsHttpError(response.status, isProblem(error) ? error : undefined);
}

async function problemOf(response: Response): Promise<HttpProblem | undefined> {
  try {
    const body: unknown = await response.json();
    return isProblem(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is HttpProblem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** Waits a little longer after each failed connection, up to 5 s. */
function pause(attempt: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt));
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
