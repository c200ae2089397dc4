/**
 * <operation-status operation-id="op_…" api-base="https://ops.example.com">: the live status of
 * one operation, with no dependencies and no build step.
 *
 * It follows `GET /v1/operations/{id}/events`. Give it a token with `element.sessionToken =
 * token` (a property, never an attribute or a URL). On the API's own origin that may be the
 * user's bearer token or a session token, exchanged once for the operation's session cookie;
 * with `api-base` on another origin it must be a session token
 * (`POST /v1/operations/{id}/browser-session`, called by the host's backend), sent as a header
 * (operation-transport.js says why). When it expires the element fires
 * `operation-session-expired`; set a new token to go on.
 * With the `read-only` attribute (a share link's view) it offers no cancel button; the
 * server refuses such a session everything but watching and the output download anyway.
 *
 * Every string from the operation is set as text, never parsed as HTML.
 */
import { questionFormStyles, questionSection } from './question-form.js';
import { timelineSection, timelineStyles } from './operation-timeline.js';

import { OperationTransport } from './operation-transport.js';

const OPERATION_ID = /^op_[0-9A-HJKMNP-TV-Z]{26}$/;
const FINISHED = new Set(['completed', 'failed', 'canceled']);
/**
 * Attributes an action link may carry; anything else (event handlers, style, href, and
 * referrerpolicy, which would override the page's no-referrer policy) is dropped.
 */
const SAFE_ACTION_ATTRIBUTE = /^(target|rel|title|download|hreflang|type|aria-[a-z-]+|data-[a-z0-9-]+)$/;
const RETRY_MS = 3000;

const STATES = {
  created: { title: 'Waiting to start', subtitle: () => 'The operation starts as soon as a worker is free.' },
  running: { title: 'In progress', subtitle: (op) => withEta(`Started at ${localTime(op.startedAt)}`, op.etaAt) },
  waiting: { title: 'Waiting for your answer', subtitle: (op) => `Asked at ${localTime(op.question?.askedAt)}` },
  completed: { title: 'Completed', subtitle: (op) => `Finished at ${localTime(op.closedAt)}` },
  failed: { title: 'Failed', subtitle: (op) => `Stopped at ${localTime(op.closedAt)}` },
  canceled: { title: 'Canceled', subtitle: (op) => `Canceled at ${localTime(op.closedAt)}` },
};

const styles = new CSSStyleSheet();
styles.replaceSync(`
  :host { display: block; font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  .card { border: 1px solid #d0d7de; border-radius: 12px; padding: 1.25rem; background: #fff; max-width: 48rem; }
  .meta { margin: 0; font-size: .8125rem; color: #59636e; overflow-wrap: anywhere; }
  .title { margin: .25rem 0 0; font-size: 1.375rem; line-height: 1.3; }
  .subtitle { margin: .25rem 0 0; color: #59636e; }
  .connection { margin: .5rem 0 0; font-size: .875rem; color: #9a6700; }
  .connection:empty { display: none; }
  .progress { display: flex; align-items: center; gap: .75rem; margin-top: 1rem; }
  .bar { position: relative; flex: 1; height: .625rem; border-radius: 999px; background: #e6e9ed; overflow: hidden; }
  .fill { height: 100%; width: 0; border-radius: inherit; background: var(--operation-status-accent, #0969da); transition: width .3s ease; }
  .bar.indeterminate .fill { width: 35%; position: absolute; animation: slide 1.4s ease-in-out infinite; }
  @keyframes slide { from { left: -35%; } to { left: 100%; } }
  @media (prefers-reduced-motion: reduce) { .bar.indeterminate .fill { animation: none; left: 0; width: 100%; opacity: .4; } .fill { transition: none; } }
  .percent { min-width: 3.25rem; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
  .card[data-status='completed'] .fill { background: #1a7f37; }
  .card[data-status='failed'] .fill { background: #cf222e; }
  .card[data-status='canceled'] .fill { background: #8c959f; }
  .card[data-status='waiting'] .fill { background: #bf8700; }
  .outcome:empty, .log-section[hidden], .progress[hidden] { display: none; }
  .message { margin: 1rem 0 0; font-weight: 500; overflow-wrap: anywhere; white-space: pre-wrap; }
  .card[data-status='completed'] .message { padding: .75rem 1rem; border-radius: 8px; background: #dafbe1; color: #116329; }
  .error { margin: 1rem 0 0; padding: .75rem 1rem; border-radius: 8px; background: #ffebe9; color: #82071e; overflow-wrap: anywhere; white-space: pre-wrap; }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
  .actions:empty { display: none; }
  .button, button { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem; padding: .5rem 1.125rem; border-radius: 8px;
    border: 1px solid transparent; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
  .button.primary { background: #1f883d; color: #fff; }
  .button.secondary { background: #f6f8fa; color: #1f2328; border-color: #d0d7de; }
  button.cancel { margin-top: 1rem; background: #fff; color: #cf222e; border-color: #cf222e; }
  button.cancel:disabled, button.rerun:disabled { opacity: .6; cursor: default; }
  button.rerun { margin-top: 1rem; }
  .button:focus-visible, button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .notice { margin: .5rem 0 0; color: #cf222e; }
  .notice:empty { display: none; }
  .log-section { margin-top: 1.25rem; }
  .log-title { margin: 0 0 .5rem; font-size: .875rem; color: #59636e; text-transform: uppercase; letter-spacing: .04em; }
  .log { list-style: none; margin: 0; padding: 0; max-height: 20rem; overflow-y: auto; border-top: 1px solid #d8dee4; }
  .log li { display: flex; gap: .75rem; padding: .375rem 0; border-bottom: 1px solid #eaeef2; font-size: .9375rem; }
  .log time { flex: none; color: #59636e; font-variant-numeric: tabular-nums; }
  .log span { overflow-wrap: anywhere; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; }
  @media (max-width: 30rem) {
    .card { padding: 1rem; border-radius: 8px; }
    .title { font-size: 1.1875rem; }
    .actions > * { flex: 1 1 100%; }
    button.cancel, button.rerun { width: 100%; }
    .log li { flex-direction: column; gap: 0; }
  }
`);

class OperationStatusElement extends HTMLElement {
  static observedAttributes = ['operation-id', 'api-base'];

  #parts;
  #transport = null;
  #watch = null;
  #token = null;
  #generation = 0;
  #status = null;
  #canceling = false;
  #connectQueued = false;
  #questionId = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles, questionFormStyles, timelineStyles];
    this.#parts = buildSkeleton(root);
    this.#parts.cancel.addEventListener('click', () => this.#cancel());
    this.#parts.rerun.addEventListener('click', () => this.#rerun());
  }

  /** The operation's session token (same origin: also a bearer token, exchanged for the session cookie). */
  set sessionToken(token) {
    this.#token = token || null;
    this.#queueConnect();
  }

  connectedCallback() {
    this.#queueConnect();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#closeStream();
  }

  attributeChangedCallback(_name, previous, next) {
    if (previous !== next) this.#queueConnect();
  }

  get #operationId() {
    return this.getAttribute('operation-id') ?? '';
  }

  /** Setting the token and the id one after the other connects once. */
  #queueConnect() {
    if (this.#connectQueued) return;
    this.#connectQueued = true;
    queueMicrotask(() => {
      this.#connectQueued = false;
      if (this.isConnected) void this.#connect();
    });
  }

  async #connect() {
    const generation = ++this.#generation;
    this.#closeStream();
    this.#status = null;
    this.#canceling = false;
    this.#showMessage('Loading…', '', { busy: true });
    const id = this.#operationId;
    const transport = new OperationTransport({ apiBase: this.getAttribute('api-base'), sessionToken: this.#token });
    if (!OPERATION_ID.test(id) || !transport.valid) return this.#showNotFound();
    this.#transport = transport;
    const session = await transport.openSession(id);
    if (generation !== this.#generation) return;
    if (session === 'not-found') return this.#showNotFound();
    if (session === 'unavailable') return this.#showUnavailable(generation, () => this.#queueConnect());
    // Same origin, the cookie now holds the session; across origins the transport keeps the token.
    if (!transport.usesHeader) this.#token = null;
    this.#watch = transport.watch(id, {
      operation: (operation) => {
        if (generation !== this.#generation) return;
        this.#parts.connection.textContent = '';
        this.#render(operation);
      },
      reconnecting: () => {
        if (generation === this.#generation) this.#parts.connection.textContent = 'Connection lost; reconnecting…';
      },
      unavailable: () => {
        if (generation === this.#generation) this.#showUnavailable(generation);
      },
      gone: (status) => {
        if (generation !== this.#generation) return;
        // An expired session token: the last state stays in view while the host fetches a new token.
        if (status === 401 && transport.usesHeader && this.#status !== null) {
          this.#parts.connection.textContent = 'The session has expired.';
          this.#parts.cancel.hidden = true;
          this.dispatchEvent(new CustomEvent('operation-session-expired', { bubbles: true, composed: true }));
          return;
        }
        this.#showNotFound();
      },
    });
  }

  #closeStream() {
    this.#watch?.close();
    this.#watch = null;
  }

  #render(operation) {
    const parts = this.#parts;
    const state = STATES[operation.status] ?? STATES.running;
    const changed = operation.status !== this.#status;
    this.#status = operation.status;
    parts.card.dataset.status = operation.status;
    parts.meta.textContent = `${operation.job} · ${operation.id}`;
    parts.title.textContent = state.title;
    parts.subtitle.textContent = state.subtitle(operation);
    this.#renderProgress(operation);
    this.#renderOutcome(operation);
    this.#renderQuestion(operation);
    this.#renderLog(operation.logs ?? []);
    parts.timeline.render(operation.timeline);
    parts.rerun.hidden = !FINISHED.has(operation.status) || this.hasAttribute('read-only');
    parts.rerun.disabled = false;
    const active = ['created', 'running', 'waiting'].includes(operation.status);
    parts.cancel.hidden = !active || this.hasAttribute('read-only');
    parts.cancel.disabled = this.#canceling;
    parts.cancel.textContent = this.#canceling ? 'Canceling…' : 'Cancel';
    if (!active) parts.notice.textContent = '';
    if (changed) parts.live.textContent = announcement(operation, state);
    if (operation.status === 'completed' && operation.output?.file) this.#downloadOnce(operation);
    this.dispatchEvent(new CustomEvent('operation-change', { detail: operation }));
  }

  #renderProgress(operation) {
    const { bar, fill, percent, progress } = this.#parts;
    progress.hidden = false;
    if (operation.status === 'waiting' && operation.percentage == null) {
      progress.hidden = true;
      return;
    }
    const waiting = operation.status === 'created' || (operation.status === 'running' && operation.percentage == null);
    bar.classList.toggle('indeterminate', waiting);
    if (waiting) {
      bar.removeAttribute('aria-valuenow');
      bar.setAttribute('aria-valuetext', operation.status === 'created' ? 'Waiting to start' : 'In progress');
      fill.style.width = '';
      percent.textContent = '';
      return;
    }
    const value = operation.status === 'completed' ? (operation.percentage ?? 100) : (operation.percentage ?? 0);
    const rounded = Math.round(value);
    bar.setAttribute('aria-valuenow', String(rounded));
    bar.setAttribute('aria-valuetext', `${rounded}%`);
    fill.style.width = `${Math.min(100, Math.max(0, value))}%`;
    percent.textContent = `${rounded}%`;
  }

  #renderOutcome(operation) {
    const { outcome, actions } = this.#parts;
    const nodes = [];
    const action = [];
    const message = operation.output?.message;
    if (message) nodes.push(element('p', { className: 'message', text: message }));
    if (operation.status === 'failed') {
      nodes.push(element('p', { className: 'error', text: operation.error?.message ?? 'The operation failed.' }));
    }
    if (operation.status === 'completed') {
      const link = actionLink(operation.output?.action);
      if (link) action.push(link);
      const file = operation.output?.file;
      if (file && isApiPath(file.url)) action.push(this.#downloadControl(file));
    }
    outcome.replaceChildren(...nodes);
    actions.replaceChildren(...action);
  }

  /** The open question's form, built once per question so a person's typing survives updates. */
  #renderQuestion(operation) {
    const { question } = this.#parts;
    // A read-only view (a share link) cannot answer: only the owner's session may.
    const open = operation.status === 'waiting' && !this.hasAttribute('read-only') ? operation.question : null;
    if ((open?.id ?? null) === this.#questionId) return;
    this.#questionId = open?.id ?? null;
    question.replaceChildren(...(open ? [questionSection(open, (body) => this.#sendAnswer(body))] : []));
  }

  /** Posts an answer with this element's credential; resolves with the status and the problem details, if any. */
  async #sendAnswer(body) {
    const { status, body: problem } = await this.#transport.postJson(`/v1/operations/${this.#operationId}/input`, body);
    return { status, problem: status === 202 ? null : problem };
  }

  #renderLog(logs) {
    const { log, logSection } = this.#parts;
    logSection.hidden = logs.length === 0;
    const items = logs
      .slice()
      .reverse()
      .map((entry) => {
        const time = element('time', { text: localTime(entry.at) });
        time.dateTime = entry.at;
        const item = element('li');
        item.append(time, element('span', { text: entry.message }));
        return item;
      });
    log.replaceChildren(...items);
  }

  /** A link to the file on the same origin; across origins a button, since a link cannot carry the token. */
  #downloadControl(file) {
    const text = `Download ${file.name}`;
    if (!this.#transport.usesHeader) {
      const link = element('a', { className: 'button secondary', text });
      link.href = this.#transport.url(file.url);
      link.download = file.name;
      return link;
    }
    const button = element('button', { className: 'button secondary', text });
    button.type = 'button';
    button.addEventListener('click', async () => {
      button.disabled = true;
      const saved = await this.#transport.download(file, this.shadowRoot);
      button.disabled = false;
      this.#parts.notice.textContent = saved ? '' : 'The file could not be downloaded. Please try again.';
    });
    return button;
  }

  /** The file downloads by itself once per browser tab; the link stays for later. */
  #downloadOnce(operation) {
    const key = `operation-status:downloaded:${operation.id}`;
    try {
      if (sessionStorage.getItem(key)) return;
      sessionStorage.setItem(key, new Date().toISOString());
    } catch {
      return; // Without storage it could download at every visit: the link is enough.
    }
    const file = operation.output.file;
    if (isApiPath(file.url)) void this.#transport.download(file, this.shadowRoot);
  }

  async #cancel() {
    const id = this.#operationId;
    const { cancel, notice } = this.#parts;
    this.#canceling = true;
    cancel.disabled = true;
    cancel.textContent = 'Canceling…';
    notice.textContent = '';
    const status = await this.#transport.cancel(id);
    // 202: the stream shows "canceled" once the job has stopped; 409: it had finished anyway.
    if (status === 202 || status === 409) return;
    this.#canceling = false;
    cancel.disabled = false;
    cancel.textContent = 'Cancel';
    notice.textContent = 'The operation could not be canceled. Please try again.';
  }

  /**
   * Starts the same job again and watches the new operation here, with the session the API
   * issued for it; the page hears `operation-rerun` (detail: the new operation).
   */
  async #rerun() {
    const { rerun, notice } = this.#parts;
    rerun.disabled = true;
    notice.textContent = '';
    const answer = await this.#transport.postJson(`/v1/operations/${this.#operationId}/rerun`, {});
    const created = answer.status === 201 ? answer.body : null;
    if (!created?.id) {
      rerun.disabled = false;
      notice.textContent = 'The operation could not be started again. Please try again.';
      return;
    }
    const { session, ...operation } = created;
    if (session?.token) this.sessionToken = session.token;
    this.setAttribute('operation-id', operation.id);
    this.dispatchEvent(new CustomEvent('operation-rerun', { detail: operation }));
  }

  #showMessage(title, subtitle, { busy = false } = {}) {
    const parts = this.#parts;
    parts.card.dataset.status = busy ? 'loading' : 'none';
    parts.meta.textContent = '';
    parts.title.textContent = title;
    parts.subtitle.textContent = subtitle;
    parts.progress.hidden = !busy;
    parts.bar.classList.add('indeterminate');
    parts.bar.removeAttribute('aria-valuenow');
    parts.bar.setAttribute('aria-valuetext', title);
    parts.percent.textContent = '';
    parts.connection.textContent = '';
    parts.outcome.replaceChildren();
    parts.question.replaceChildren();
    this.#questionId = null;
    parts.actions.replaceChildren();
    parts.logSection.hidden = true;
    parts.timeline.root.hidden = true;
    parts.rerun.hidden = true;
    parts.cancel.hidden = true;
    parts.notice.textContent = '';
  }

  #showNotFound() {
    this.#closeStream();
    this.#showMessage('Operation not found', 'It does not exist, or this browser may not see it.');
    this.#parts.live.textContent = 'Operation not found';
  }

  /** `retry`, when this element must try again itself (the transport retries its own stream). */
  #showUnavailable(generation, retry) {
    this.#showMessage('Status unavailable', 'The status cannot be loaded right now; trying again…', { busy: true });
    if (!retry) return;
    setTimeout(() => {
      if (generation === this.#generation && this.isConnected) retry();
    }, RETRY_MS);
  }
}

function buildSkeleton(root) {
  const card = element('section', { className: 'card' });
  const meta = element('p', { className: 'meta' });
  const title = element('h2', { className: 'title' });
  title.id = 'title';
  card.setAttribute('aria-labelledby', 'title');
  const subtitle = element('p', { className: 'subtitle' });
  const connection = element('p', { className: 'connection' });
  const progress = element('div', { className: 'progress' });
  const bar = element('div', { className: 'bar indeterminate' });
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-labelledby', 'title');
  const fill = element('div', { className: 'fill' });
  bar.append(fill);
  const percent = element('span', { className: 'percent' });
  percent.setAttribute('aria-hidden', 'true');
  progress.append(bar, percent);
  const outcome = element('div', { className: 'outcome' });
  const actions = element('div', { className: 'actions' });
  const question = element('div', { className: 'question-slot' });
  const cancel = element('button', { className: 'cancel', text: 'Cancel' });
  cancel.type = 'button';
  cancel.hidden = true;
  const rerun = element('button', { className: 'rerun button secondary', text: 'Run again' });
  rerun.type = 'button';
  rerun.hidden = true;
  const timeline = timelineSection();
  const notice = element('p', { className: 'notice' });
  notice.setAttribute('role', 'alert');
  const logSection = element('section', { className: 'log-section' });
  logSection.hidden = true;
  const logTitle = element('h3', { className: 'log-title', text: 'Log' });
  logTitle.id = 'log-title';
  const log = element('ol', { className: 'log' });
  log.setAttribute('aria-labelledby', 'log-title');
  logSection.append(logTitle, log);
  // Announces state changes (not every percentage) to screen readers.
  const live = element('p', { className: 'visually-hidden' });
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  card.append(
    meta,
    title,
    subtitle,
    connection,
    progress,
    outcome,
    question,
    actions,
    cancel,
    rerun,
    notice,
    logSection,
    timeline.root,
    live,
  );
  root.append(card);
  return {
    card,
    meta,
    title,
    subtitle,
    connection,
    progress,
    bar,
    fill,
    percent,
    outcome,
    question,
    actions,
    cancel,
    rerun,
    notice,
    logSection,
    timeline,
    log,
    live,
  };
}

function element(tag, { className, text } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The action as a button-like link, or null when its href is not http(s) (no `javascript:`). */
function actionLink(action) {
  if (!action?.href) return null;
  let url;
  try {
    url = new URL(action.href, document.baseURI);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const link = element('a', { className: 'button primary', text: action.label || url.href });
  for (const [name, value] of Object.entries(action.attributes ?? {})) {
    const key = name.toLowerCase();
    if (SAFE_ACTION_ATTRIBUTE.test(key)) link.setAttribute(key, String(value));
  }
  link.href = url.href;
  // Any target but this frame's own opens another browsing context: it must not reach back here.
  if (!['', '_self', '_parent', '_top'].includes(link.target.toLowerCase())) {
    link.rel = `${link.rel} noopener noreferrer`.trim();
  }
  return link;
}

/** Files download from this API only. */
function isApiPath(url) {
  return typeof url === 'string' && url.startsWith('/v1/operations/');
}

function announcement(operation, state) {
  if (operation.status === 'completed' && operation.output?.message)
    return `${state.title}: ${operation.output.message}`;
  if (operation.status === 'failed' && operation.error?.message) return `${state.title}: ${operation.error.message}`;
  return state.title;
}

/** The subtitle with the server's estimate of the end, while it has one (`etaAt`). */
function withEta(text, etaAt) {
  const left = etaText(etaAt, Date.now());
  return left ? `${text} · ${left}` : text;
}

/** "about 3 min left" from an ETA; null without one, or once it has passed. */
function etaText(etaAt, now) {
  const ms = etaAt ? Date.parse(etaAt) - now : NaN;
  if (!(ms > 0)) return null;
  if (ms < 60_000) return 'less than a minute left';
  if (ms < 90 * 60_000) return `about ${Math.round(ms / 60_000)} min left`;
  return `about ${Math.round(ms / 3_600_000)} h left`;
}

function localTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
}

if (!customElements.get('operation-status')) customElements.define('operation-status', OperationStatusElement);

export { OperationStatusElement };
