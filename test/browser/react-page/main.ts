import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OperationStatus, useOperation, type UseOperationOptions } from '../../../packages/react/src/index';

/** What the test hands the page (by script, never in the URL). */
export interface MountProps {
  operationId: string;
  apiBase: string;
  sessionToken: string;
  /** Watch with the hook only, without the element. */
  hookOnly?: boolean;
  /** Ask the test for a new token when the element's session expires (window.renewSession). */
  renew?: boolean;
}

function HookView({ operationId, ...options }: UseOperationOptions & { operationId: string }) {
  const { operation, problem } = useOperation(operationId, options);
  return createElement(
    'p',
    {
      id: 'hook',
      'data-status': operation?.status ?? '',
      'data-percentage': operation?.percentage ?? '',
      'data-problem': problem ?? '',
    },
    operation ? `${operation.status} ${operation.logs.length} log lines` : 'waiting',
  );
}

function App({ operationId, apiBase, sessionToken: firstToken, hookOnly, renew }: MountProps) {
  const [changes, setChanges] = useState<string[]>([]);
  const [sessionToken, setSessionToken] = useState(firstToken);
  return createElement(
    'main',
    null,
    hookOnly || !renew ? createElement(HookView, { operationId, apiBase, sessionToken: firstToken }) : null,
    hookOnly
      ? null
      : createElement(OperationStatus, {
          operationId,
          apiBase,
          sessionToken,
          onChange: (operation) => setChanges((seen) => [...seen, operation.status]),
          onSessionExpired: renew ? () => void window.renewSession().then(setSessionToken) : undefined,
        }),
    createElement('p', { id: 'changes' }, changes.join(',')),
  );
}

declare global {
  interface Window {
    mountOperation(props: MountProps): void;
    renewSession(): Promise<string>;
  }
}

window.mountOperation = (props) => createRoot(document.getElementById('root')!).render(createElement(App, props));
