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

function App({ operationId, apiBase, sessionToken, hookOnly }: MountProps) {
  const [changes, setChanges] = useState<string[]>([]);
  return createElement(
    'main',
    null,
    createElement(HookView, { operationId, apiBase, sessionToken }),
    hookOnly
      ? null
      : createElement(OperationStatus, {
          operationId,
          apiBase,
          sessionToken,
          onChange: (operation) => setChanges((seen) => [...seen, operation.status]),
        }),
    createElement('p', { id: 'changes' }, changes.join(',')),
  );
}

declare global {
  interface Window {
    mountOperation(props: MountProps): void;
  }
}

window.mountOperation = (props) => createRoot(document.getElementById('root')!).render(createElement(App, props));
