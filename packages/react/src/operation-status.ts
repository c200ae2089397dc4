import '@temporal-operations/status-element';
import type { OperationJson } from '@temporal-operations/status-element/transport';
import { createElement, useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';

export interface OperationStatusProps {
  operationId: string;
  /** The API's absolute URL; default: this page's origin. */
  apiBase?: string;
  /** The operation's session token, from your backend's `POST /v1/operations/{id}/browser-session`. */
  sessionToken?: string;
  /** Each new state of the operation. */
  onChange?: (operation: OperationJson) => void;
  /** The session token expired: fetch a new one and pass it as `sessionToken`. */
  onSessionExpired?: () => void;
  className?: string;
  style?: CSSProperties;
}

type StatusElement = HTMLElement & { sessionToken?: string | null };

/**
 * `<operation-status>` for React. The token is set as a property before the element connects
 * (a layout effect runs before the element's queued connect), never as an attribute.
 */
export function OperationStatus({
  operationId,
  apiBase,
  sessionToken,
  onChange,
  onSessionExpired,
  className,
  style,
}: OperationStatusProps) {
  const ref = useRef<StatusElement>(null);
  useLayoutEffect(() => {
    if (ref.current && sessionToken) ref.current.sessionToken = sessionToken;
  }, [sessionToken]);
  // Latest callbacks without re-subscribing on every render.
  const handlers = useRef({ onChange, onSessionExpired });
  handlers.current = { onChange, onSessionExpired };
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const change = (event: Event) => handlers.current.onChange?.((event as CustomEvent<OperationJson>).detail);
    const expired = () => handlers.current.onSessionExpired?.();
    element.addEventListener('operation-change', change);
    element.addEventListener('operation-session-expired', expired);
    return () => {
      element.removeEventListener('operation-change', change);
      element.removeEventListener('operation-session-expired', expired);
    };
  }, []);
  return createElement('operation-status', {
    ref,
    'operation-id': operationId,
    'api-base': apiBase,
    class: className,
    style,
  });
}
