/**
 * Starts a job through this app's own backend and embeds <operation-status> for it. The
 * session token is handed to the element as a property: never an attribute, never a URL.
 */
const list = document.getElementById('operations');
const problem = document.getElementById('problem');

for (const button of document.querySelectorAll('button[data-kind]')) {
  button.addEventListener('click', () => void start(button.dataset.kind));
}

async function start(kind) {
  problem.textContent = '';
  const response = await fetch('/api/operations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind }),
  });
  if (!response.ok) {
    problem.textContent = 'The job could not be started.';
    return;
  }
  const { operationId, sessionToken, apiBase } = await response.json();
  const element = document.createElement('operation-status');
  element.setAttribute('api-base', apiBase);
  element.sessionToken = sessionToken;
  element.setAttribute('operation-id', operationId);
  element.dataset.kind = kind;
  list.prepend(element);
}
