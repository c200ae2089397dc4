import { readEventStream } from './event-stream.js';

/**
 * How `<operation-status>` and `useOperation()` reach the API: the event stream, cancel and the
 * file download, in one of two ways.
 *
 * - Same origin (no `api-base`, or one on the page's own origin): a token is exchanged once for
 *   the operation's HttpOnly, SameSite=Strict session cookie, then forgotten; a reload keeps
 *   the session and a download is a plain link.
 * - Another origin: the operation's session token goes in an `Authorization: Bearer` header
 *   on every request, the event stream included (read with fetch, since EventSource cannot
 *   send headers). Chosen over a `SameSite=None; Secure` cookie because browsers block
 *   third-party cookies, a cross-site cookie brings CSRF back, and a header works on http
 *   loopback too. The token is valid for this one operation only, for 15 minutes at most, and
 *   never goes in a URL; a file is fetched with the header and handed over as a blob.
 */

const FINISHED = new Set(['completed', 'failed', 'canceled']);
/** Cookie-authenticated POSTs carry it: a cross-site form cannot. */
const CSRF_HEADERS = { 'x-requested-with': 'operation-status' };
/** Until the server says otherwise (its `retry:` field). */
const DEFAULT_RETRY_MS = 2000;
/** After an answer such as 429 or 503. */
const UNAVAILABLE_RETRY_MS = 3000;
/** Repeated failures back off to this, so a refused origin does not hammer the API. */
const MAX_RETRY_MS = 30_000;

/**
 * The API's base URL without a trailing slash: '' (paths stay relative) without `apiBase`,
 * null when `apiBase` is not an absolute http(s) URL.
 */
export function resolveApiBase(apiBase) {
  if (!apiBase) return '';
  let url;
  try {
    url = new URL(apiBase);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class OperationTransport {
  #base;
  #crossOrigin;
  #token;

  /**
   * @param {{ apiBase?: string | null, sessionToken?: string | null }} options `apiBase`: the
   *   API's absolute URL (default: this page's origin); `sessionToken`: a session token of the
   *   operation (or, same-origin only, the user's bearer token to exchange for one).
   */
  constructor({ apiBase, sessionToken } = {}) {
    this.#base = resolveApiBase(apiBase);
    this.#crossOrigin = Boolean(this.#base) && new URL(this.#base).origin !== globalThis.location?.origin;
    this.#token = sessionToken || null;
  }

  /** Whether `apiBase` was usable. */
  get valid() {
    return this.#base !== null;
  }

  /** Whether requests carry the token in a header (another origin) rather than a cookie. */
  get usesHeader() {
    return this.#crossOrigin;
  }

  /** The URL of an API path (relative without `apiBase`). */
  url(path) {
    return `${this.#base}${path}`;
  }

  /**
   * Makes the credential ready: same-origin, exchanges a token for the session cookie (then
   * drops it); across origins there is nothing to exchange. Answers 'ok', 'not-found' or 'unavailable'.
   */
  async openSession(id) {
    if (this.#crossOrigin || !this.#token) return this.#crossOrigin && !this.#token ? 'not-found' : 'ok';
    const status = await this.#status(`/v1/operations/${id}/browser-session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#token}` },
    });
    if (status === 401 || status === 404) return 'not-found';
    if (status !== 201) return 'unavailable';
    this.#token = null;
    return 'ok';
  }

  /**
   * Follows the operation's event stream until it finishes or `close()` is called, reconnecting
   * with Last-Event-ID after a drop. Handlers: `operation(op)`, `reconnecting()`,
   * `unavailable()` (an error answer; it retries), `gone(status)` (401 or 404: stopped).
   */
  watch(id, handlers) {
    const controller = new AbortController();
    void this.#follow(id, handlers, controller.signal);
    return { close: () => controller.abort() };
  }

  async #follow(id, handlers, signal) {
    let lastEventId;
    let retryMs = DEFAULT_RETRY_MS;
    let failures = 0;
    const backOff = () => sleep(Math.min(retryMs * 2 ** failures++, MAX_RETRY_MS), signal);
    while (!signal.aborted) {
      let response;
      try {
        response = await fetch(this.url(`/v1/operations/${id}/events`), {
          ...this.#init({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }),
          cache: 'no-store',
          signal,
        });
      } catch {
        if (signal.aborted) return;
        handlers.reconnecting();
        await backOff();
        continue;
      }
      if (response.status === 401 || response.status === 404) {
        await response.body?.cancel();
        if (!signal.aborted) handlers.gone(response.status);
        return;
      }
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        if (signal.aborted) return;
        handlers.unavailable();
        // 429 and 503 say when to come back (Retry-After, in seconds).
        const after = Number(response.headers.get('retry-after'));
        await sleep(after > 0 ? Math.min(after * 1000, MAX_RETRY_MS) : UNAVAILABLE_RETRY_MS, signal);
        continue;
      }
      failures = 0;
      let finished = false;
      try {
        await readEventStream(response.body, {
          onRetry: (ms) => (retryMs = ms),
          onEvent: (event) => {
            if (event.event !== 'operation' || signal.aborted) return;
            if (event.id !== undefined) lastEventId = event.id;
            const operation = JSON.parse(event.data);
            finished = FINISHED.has(operation.status);
            handlers.operation(operation);
          },
        });
      } catch {
        // A dropped connection: reconnect below.
      }
      if (finished || signal.aborted) return;
      handlers.reconnecting();
      await sleep(retryMs, signal);
    }
  }

  /** Asks the job to stop; answers the HTTP status (0 when the request failed). */
  cancel(id) {
    return this.#status(`/v1/operations/${id}/cancel`, { method: 'POST', headers: CSRF_HEADERS });
  }

  /**
   * Saves an operation file (`file.url` is an API path). Same-origin it is a plain link to the
   * file; across origins it is fetched with the header and saved from a blob URL, so the token
   * never becomes part of a link. Answers whether it worked.
   */
  async download(file, container) {
    if (!this.#crossOrigin) {
      clickLink(this.url(file.url), file.name, container);
      return true;
    }
    let response;
    try {
      response = await fetch(this.url(file.url), this.#init({}));
    } catch {
      return false;
    }
    if (!response.ok) return false;
    const href = URL.createObjectURL(await response.blob());
    clickLink(href, file.name, container);
    // The click has started the download; the blob can go once it has been handed over.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return true;
  }

  /** fetch options: the token header across origins, the session cookie on the same origin. */
  #init(headers) {
    if (!this.#crossOrigin) return { headers, credentials: 'same-origin' };
    return {
      headers: this.#token ? { ...headers, authorization: `Bearer ${this.#token}` } : headers,
      // Never cookies of the API's origin: the header is the credential.
      credentials: 'omit',
    };
  }

  async #status(path, init) {
    const { headers = {}, ...rest } = init;
    try {
      const response = await fetch(this.url(path), { ...this.#init(headers), ...rest });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0;
    }
  }
}

/**
 * Watches one operation without the element (the React hook's way): calls `onOperation` with
 * each new state and `onError(kind)` with 'not-found' | 'unavailable' | 'reconnecting'.
 * Answers a function that stops watching.
 */
export function watchOperation(id, { apiBase, sessionToken, onOperation, onError = () => {} }) {
  const transport = new OperationTransport({ apiBase, sessionToken });
  if (!transport.valid) {
    onError('not-found');
    return () => {};
  }
  let stopped = false;
  let watch = null;
  void transport.openSession(id).then((result) => {
    if (stopped) return;
    if (result !== 'ok') return onError(result);
    watch = transport.watch(id, {
      operation: onOperation,
      reconnecting: () => onError('reconnecting'),
      unavailable: () => onError('unavailable'),
      gone: () => onError('not-found'),
    });
  });
  return () => {
    stopped = true;
    watch?.close();
  };
}

function clickLink(href, name, container = document.body) {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.hidden = true;
  container.append(link);
  link.click();
  link.remove();
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
