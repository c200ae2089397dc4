/**
 * The demo page `/demo`: lists the demo user's operations, starts any example job (with a
 * file for `input_file`) and shows <operation-status> for it. The bearer token comes from the
 * URL fragment (`#token=…`, as `npm start` prints it; never sent to a server) and is kept in
 * sessionStorage for this tab only.
 */
const TOKEN_KEY = 'temporal-operations:demo-token';
/** Params for jobs whose schema gives no example. */
const EXAMPLE_PARAMS = { ExportProductsJob: { productIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } };

const $ = (selector) => document.querySelector(selector);
const startForm = $('#start-form');
const status = $('#current operation-status');
let choices = [];

takeTokenFromFragment();
if (token()) void showSignedIn();
else showSignIn();

$('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, new FormData(event.target).get('token').trim());
  event.target.reset();
  void showSignedIn();
});
$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn();
});
$('#refresh').addEventListener('click', () => void refreshList());
startForm.choice.addEventListener('change', () => fillParams());
startForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void start();
});
const rerunForm = $('#rerun-form');
let watched = null;
status.addEventListener('operation-change', (event) => {
  // Keep the list's status column in step with the operation being watched.
  const row = document.querySelector(`tr[data-id="${event.detail.id}"] .status`);
  if (row && row.textContent !== event.detail.status) void refreshList();
  // A finished operation can run again, with its params edited first.
  const finished = ['completed', 'failed', 'canceled'].includes(event.detail.status);
  if (finished && (rerunForm.hidden || watched !== event.detail.id)) {
    rerunForm.params.value = JSON.stringify(event.detail.params);
    $('#rerun-error').textContent = '';
  }
  watched = event.detail.id;
  rerunForm.hidden = !finished;
});
status.addEventListener('operation-rerun', (event) => {
  $('#page-link').href = `/operations/${event.detail.id}`;
  setTimeout(() => void refreshList(), 1000);
});
rerunForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void rerunEdited();
});

async function rerunEdited() {
  const error = $('#rerun-error');
  error.textContent = '';
  let params;
  try {
    params = JSON.parse(rerunForm.params.value || '{}');
  } catch {
    error.textContent = 'The params are not valid JSON.';
    return;
  }
  try {
    const operation = await api(`/v1/operations/${watched}/rerun`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ params }),
    });
    watch(operation.id);
    setTimeout(() => void refreshList(), 1000);
  } catch (failure) {
    error.textContent = failure.message;
  }
}

function takeTokenFromFragment() {
  const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (fragmentToken) sessionStorage.setItem(TOKEN_KEY, fragmentToken);
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function showSignIn() {
  $('#sign-in').hidden = false;
  $('#signed-in').hidden = true;
}

async function showSignedIn() {
  $('#sign-in').hidden = true;
  $('#signed-in').hidden = false;
  await Promise.all([loadJobs(), refreshList()]);
}

/** Calls the API with the bearer token; answers the parsed body, or throws with the problem's detail. */
async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token()}` },
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
  }
  if (!response.ok) throw new Error(body?.detail ?? body?.title ?? `HTTP ${response.status}`);
  return body;
}

async function loadJobs() {
  const { jobs } = await api('/v1/jobs');
  choices = [];
  for (const job of jobs) {
    const properties = job.paramsSchema.properties ?? {};
    const types = properties.type?.enum ?? properties.type?.anyOf?.map((option) => option.const);
    if (types?.length) {
      const defaults = Object.fromEntries(
        Object.entries(properties)
          .filter(([name, schema]) => name !== 'type' && schema.default !== undefined)
          .map(([name, schema]) => [name, schema.default]),
      );
      for (const type of types)
        choices.push({ label: `${job.name}: ${type}`, job: job.name, params: { type, ...defaults } });
    } else {
      choices.push({ label: job.name, job: job.name, params: EXAMPLE_PARAMS[job.name] ?? {} });
    }
  }
  const select = startForm.choice;
  select.replaceChildren(
    ...choices.map((choice, index) => {
      const option = document.createElement('option');
      option.value = String(index);
      option.textContent = choice.label;
      return option;
    }),
  );
  fillParams();
}

function fillParams() {
  const choice = choices[Number(startForm.choice.value)];
  if (!choice) return;
  startForm.params.value = JSON.stringify(choice.params);
  $('#file-field').hidden = choice.params.type !== 'input_file';
}

async function start() {
  const error = $('#start-error');
  error.textContent = '';
  const choice = choices[Number(startForm.choice.value)];
  let params;
  try {
    params = JSON.parse(startForm.params.value || '{}');
  } catch {
    error.textContent = 'The params are not valid JSON.';
    return;
  }
  const file = $('#file-field').hidden ? null : startForm.file.files[0];
  let init;
  if (file) {
    // Multipart: job and params come before the file part.
    const form = new FormData();
    form.append('job', choice.job);
    form.append('params', JSON.stringify(params));
    form.append('file', file);
    init = { method: 'POST', body: form };
  } else {
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job: choice.job, params }),
    };
  }
  try {
    const operation = await api('/v1/operations', init);
    watch(operation.id);
    setTimeout(() => void refreshList(), 1000);
  } catch (failure) {
    error.textContent = failure.message;
  }
}

function watch(id) {
  $('#current').hidden = false;
  // The element exchanges the bearer token for a cookie valid for this operation only.
  status.sessionToken = token();
  status.setAttribute('operation-id', id);
  $('#page-link').href = `/operations/${id}`;
}

async function refreshList() {
  const error = $('#list-error');
  error.textContent = '';
  let operations;
  try {
    ({ operations } = await api('/v1/operations?pageSize=20'));
  } catch (failure) {
    error.textContent = failure.message;
    return;
  }
  $('#empty').hidden = operations.length > 0;
  $('#operations').replaceChildren(...operations.map(row));
}

function row(operation) {
  const tr = document.createElement('tr');
  tr.dataset.id = operation.id;
  const started = cell(new Date(operation.createdAt).toLocaleString());
  const job = cell(operation.job);
  const state = cell(operation.status);
  state.className = 'status';
  const actions = document.createElement('td');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Watch';
  button.setAttribute('aria-label', `Watch ${operation.job} ${operation.id}`);
  button.addEventListener('click', () => watch(operation.id));
  actions.append(button);
  tr.append(started, job, state, actions);
  return tr;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}
