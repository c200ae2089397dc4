/** An operation as the API sends it (see the service's OpenAPI document for every field). */
export interface OperationJson {
  id: string;
  job: string;
  params: unknown;
  userId: string;
  status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
  percentage: number | null;
  logs: { at: string; message: string }[];
  output: {
    message: string | null;
    file: { name: string; size: number; contentType: string; url: string } | null;
    action: { label: string; href: string; attributes: Record<string, string> } | null;
  };
  error: { message: string } | null;
  inputFile: { name: string; size: number; contentType: string; url: string } | null;
  createdAt: string;
  startedAt: string | null;
  closedAt: string | null;
  /** When the job should reach 100 % at its steady pace; null otherwise. */
  etaAt: string | null;
  /** What a `waiting` operation asks the person. */
  question: {
    id: string;
    kind: 'input' | 'approval';
    title: string;
    description: string | null;
    schema: Record<string, unknown>;
    askedAt: string;
    expiresAt: string | null;
  } | null;
  timeline: { at: string; type: string; attempts?: number; questionId?: string; title?: string }[];
  /** The operation this one runs again. */
  rerunOf: string | null;
  links: Record<string, string>;
  [field: string]: unknown;
}

/** Why a watch shows no fresh state: stopped for good ('not-found'), or retrying. */
export type WatchProblem = 'not-found' | 'unavailable' | 'reconnecting';

export interface WatchOptions {
  /** The API's absolute URL; default: this page's origin. */
  apiBase?: string | null;
  /** The operation's session token (same origin: also a user's bearer token). */
  sessionToken?: string | null;
  onOperation(operation: OperationJson): void;
  onError?(problem: WatchProblem): void;
}

/** Follows one operation's event stream; answers a function that stops it. */
export function watchOperation(id: string, options: WatchOptions): () => void;

/** The API's base URL without a trailing slash ('' without one), or null when not an absolute http(s) URL. */
export function resolveApiBase(apiBase: string | null | undefined): string | null;

export class OperationTransport {
  constructor(options?: { apiBase?: string | null; sessionToken?: string | null });
  readonly valid: boolean;
  readonly usesHeader: boolean;
  url(path: string): string;
  openSession(id: string): Promise<'ok' | 'not-found' | 'unavailable'>;
  watch(
    id: string,
    handlers: {
      operation(operation: OperationJson): void;
      reconnecting(): void;
      unavailable(): void;
      gone(status: number): void;
    },
  ): { close(): void };
  cancel(id: string): Promise<number>;
  /** POSTs JSON with this transport's credential: the status (0 when the request failed) and the parsed body. */
  postJson(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  download(file: { url: string; name: string }, container?: ParentNode): Promise<boolean>;
}
